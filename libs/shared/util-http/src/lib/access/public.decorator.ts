import { SetMetadata } from '@nestjs/common';

/** Metadata key the bearer-token guard reads to let a handler or controller through. */
export const IS_PUBLIC = 'platform:is-public';

/**
 * Marks a controller or handler as callable without a token (health, login, JWKS). Every
 * other route needs one: the guard is global, so forgetting this fails closed.
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);
