import { writeFileSync } from 'node:fs';
import { startPlatform, type Platform } from './support/platform';
import { expectProblem, http, type JsonResponse } from './support/http';
import { headerViolations, schemaViolations, type Schema } from './support/schema-check';
import { describeFinding, lintOpenApi, SEVERITIES, type SpectralFinding } from './support/spectral';

/**
 * The document the gateway serves passes Spectral with the OWASP API Security ruleset
 * (.spectral.yaml) without errors, and it is true: real answers carry the headers it lists, with
 * the values it allows, and real problem bodies fit its ProblemDetails schema.
 */
describe('the OpenAPI document at /docs/openapi.json', () => {
  let platform: Platform;
  let document: any;
  let findings: SpectralFinding[];

  beforeAll(async () => {
    platform = await startPlatform();
    document = (await http(platform.gatewayUrl, 'GET', '/docs/openapi.json')).body;
    // Set OPENAPI_DOCUMENT_OUT to keep the linted document (to run Spectral on it by hand).
    if (process.env['OPENAPI_DOCUMENT_OUT'])
      writeFileSync(process.env['OPENAPI_DOCUMENT_OUT'], JSON.stringify(document, null, 2));
    findings = await lintOpenApi(document);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('has no Spectral error with the repository ruleset', () => {
    const counts = SEVERITIES.map(
      (name, severity) => `${findings.filter((finding) => finding.severity === severity).length} ${name}`,
    );
    const warnings = findings.filter((finding) => finding.severity === 1).map(describeFinding);
    console.log(`Spectral (OAS + OWASP) on the merged document: ${counts.join(', ')}\n${warnings.join('\n')}`);
    expect(Object.keys(document.paths).length).toBeGreaterThan(5);
    expect(findings.filter((finding) => finding.severity === 0).map(describeFinding)).toEqual([]);
  });

  const responseDoc = (path: string, method: string, status: number) =>
    document.paths[path][method].responses[String(status)];

  /** Every documented header that the answer carries fits its schema; `always` must all be there. */
  const expectHeadersAsDocumented = (
    answer: JsonResponse,
    documented: Record<string, { schema: Schema }>,
    always: string[],
  ) => {
    const problems = Object.entries(documented).flatMap(([name, header]) => {
      const value = answer.headers.get(name);
      if (value === null) return always.includes(name) ? [`${name}: missing`] : [];
      return headerViolations(value, header.schema, name);
    });
    expect(problems).toEqual([]);
  };

  it('lists the headers a proxied answer really carries, with the values it allows', async () => {
    const answer = await platform.asAdmin('GET', '/api/v1/users/me');
    expect(answer.status).toBe(200);
    const documented = responseDoc('/api/v1/users/me', 'get', 200).headers;
    expect(Object.keys(documented)).toEqual(
      expect.arrayContaining([
        'ETag',
        'X-Request-Id',
        'Access-Control-Allow-Origin',
        'RateLimit-Limit',
        'RateLimit-Reset',
      ]),
    );
    const limits = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'];
    expectHeadersAsDocumented(answer, documented, ['ETag', 'X-Request-Id', ...limits]);
    // No browser origin is configured on this platform: the document says the header is not sent.
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.body).toEqual(expect.objectContaining({ id: expect.any(String) }));
    expect(
      schemaViolations(answer.body, { $ref: '#/components/schemas/UserDto' }, document.components.schemas),
    ).toEqual([]);
  });

  it('documents the 401 of a bearer route with the challenge the gateway sends', async () => {
    const answer = await http(platform.gatewayUrl, 'GET', '/api/v1/users/me');
    expect(answer.status).toBe(401);
    const documented = responseDoc('/api/v1/users/me', 'get', 401);
    expectHeadersAsDocumented(answer, documented.headers, ['WWW-Authenticate', 'X-Request-Id']);
    expect(Object.keys(documented.content)).toEqual([answer.headers.get('content-type')!.split(';')[0]]);
    expect(
      schemaViolations(answer.body, documented.content['application/problem+json'].schema, document.components.schemas),
    ).toEqual([]);
  });

  it('declares every bearer route secured and every public operation anonymous on purpose', () => {
    expect(document.paths['/api/v1/users'].post.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/api/v1/auth/password'].post.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/api/v1/auth/login'].post.security).toEqual([{}]);
    expect(document.components.securitySchemes.bearer.description).toContain('RFC8725');
  });

  it('bounds problem bodies as documented, however large the invalid request', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`unknown-${i}-${'x'.repeat(300)}`, i]));
    const answer = await platform.asAdmin('POST', '/api/v1/users', {
      email: 'bounded@example.com',
      name: 'Bounded',
      ...unknown,
    });
    expect(answer.status).toBe(400);
    const schema = responseDoc('/api/v1/users', 'post', 400).content['application/problem+json'].schema;
    expect(schemaViolations(answer.body, schema, document.components.schemas)).toEqual([]);
    expect(answer.body.errors).toHaveLength(50);
  });

  it('gives a URI reference as instance, as documented, even for a path a URI cannot hold', async () => {
    // fetch leaves `|` as it is; Node accepts it in the request line; a URI may not hold it.
    const answer = await platform.asAdmin('GET', '/api/v1/users/a|b');
    expectProblem(answer, 400);
    expect(answer.body.instance).toBe('/api/v1/users/a%7Cb');
  });
});
