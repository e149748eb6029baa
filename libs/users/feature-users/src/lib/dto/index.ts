export * from './create-user.request.dto';
export * from './replace-user.request.dto';
export * from './patch-user.request.dto';
export * from './list-users.query.dto';
export * from './user-page.response.dto';
