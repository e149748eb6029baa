import { ConflictException, HttpStatus, InternalServerErrorException, NotFoundException } from '@nestjs/common';
import { publicUrlOf } from '../app/request-id';
import { ProblemException } from './problem.exception';
import { toProblem } from './to-problem';

describe('toProblem', () => {
  it('keeps the message of a 4xx HttpException as detail', () => {
    expect(toProblem(new NotFoundException('User 42 not found'), '/v1/users/42')).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'User 42 not found',
      instance: '/v1/users/42',
    });
  });

  it('renders a ProblemException with its type and extensions', () => {
    const exception = new ProblemException(HttpStatus.CONFLICT, {
      type: 'urn:problem-type:conflict',
      detail: 'taken',
      conflictingField: 'email',
    });
    expect(toProblem(exception, '/x')).toMatchObject({
      type: 'urn:problem-type:conflict',
      title: 'Conflict',
      status: 409,
      conflictingField: 'email',
    });
  });

  it('never exposes the cause of a server error', () => {
    const fromUnknown = toProblem(new Error('connection to 10.0.0.5 refused at Pool.connect'), '/v1/users');
    const fromHttp = toProblem(new InternalServerErrorException('db password wrong'), '/v1/users');
    for (const problem of [fromUnknown, fromHttp]) {
      expect(problem.status).toBe(500);
      expect(JSON.stringify(problem)).not.toMatch(/10\.0\.0\.5|password|Pool/);
    }
  });

  it('maps Fastify client errors (bad JSON, too large) to their 4xx status', () => {
    const error = Object.assign(new Error('Body is not valid JSON but content-type is set to application/json'), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    expect(toProblem(error, '/v1/users')).toMatchObject({ status: 400, title: 'Bad Request', detail: error.message });
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toProblem(tooLarge, '/v1/users').status).toBe(413);
  });

  it('uses the array message of Nest built-in exceptions', () => {
    const exception = new ConflictException({ message: ['a', 'b'] });
    expect(toProblem(exception, '/').detail).toBe('a; b');
  });
});

describe('dependency outages', () => {
  it('answers 503 when the database is down or restarting, without internals', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' });
    const shutdown = Object.assign(new Error('query failed'), { driverError: { code: '57P01' } });
    const terminated = new Error('Connection terminated unexpectedly');
    const wrapped = new Error('connect ECONNREFUSED 127.0.0.1:5432'); // as the pool rethrows it, without a code
    const aggregate = new AggregateError(
      [Object.assign(new Error('x'), { code: 'ECONNREFUSED' })],
      'all attempts failed',
    );
    const starting = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    const released = Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), {
      name: 'QueryRunnerAlreadyReleasedError',
    });
    for (const error of [refused, shutdown, terminated, wrapped, aggregate, starting, released]) {
      const problem = toProblem(error, '/v1/users');
      expect(problem).toMatchObject({ status: 503, type: 'urn:problem-type:dependency-unavailable' });
      expect(JSON.stringify(problem)).not.toContain('10.0.0.7');
    }
  });

  it('keeps other server errors as 500', () => {
    expect(toProblem(Object.assign(new Error('syntax error'), { code: '42601' }), '/x').status).toBe(500);
  });
});

describe('publicUrlOf', () => {
  it('prefixes the gateway-removed prefix when it is a clean path', () => {
    expect(publicUrlOf('/v1/users/1', '/api')).toBe('/api/v1/users/1');
    expect(publicUrlOf('/v1/users', undefined)).toBe('/v1/users');
  });

  it('ignores a malformed prefix', () => {
    expect(publicUrlOf('/v1/users', 'https://evil.example')).toBe('/v1/users');
    expect(publicUrlOf('/v1/users', '/api/<script>')).toBe('/v1/users');
  });
});
