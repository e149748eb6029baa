import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * helmet's defaults (HSTS, nosniff, frame-ancestors none, no referrer, ...) with a content
 * security policy that still lets Swagger UI run: its script and styles are served from /docs
 * ('self'); it inlines some styles and shows data: images.
 */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
  global: true,
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
    },
  },
  crossOriginEmbedderPolicy: false,
};
