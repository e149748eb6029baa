import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Caller, Role } from '../access-token';
import { forbiddenProblem, unauthenticatedProblem } from './auth-problems';
import { REQUIRED_ROLES } from './require-role.decorator';

/** Global guard after BearerAuthGuard: enforces @RequireRole with a 403 problem. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles?.length) return true;
    const caller = context.switchToHttp().getRequest<{ user?: Caller }>().user;
    // No caller (a route both @Public and @RequireRole): fail closed.
    if (!caller) throw unauthenticatedProblem(false);
    if (!roles.includes(caller.role)) throw forbiddenProblem(roles);
    return true;
  }
}
