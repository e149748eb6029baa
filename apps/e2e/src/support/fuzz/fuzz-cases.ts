import fc from 'fast-check';
import { bodies, type BodyKind } from './bodies';
import { brokenCredential, forbiddenBytesCredential, validCredential } from './credentials';
import type { Credential, FuzzCase, PathValue } from './fuzz-case';
import { isWrite, type Operation } from './openapi-operations';
import { existingUserId, existingUserIdInAnyForm, headerParameters, hostilePathValue, queryPieces } from './parameters';

/** Which parts of a request a category of cases makes hostile; the rest is valid. */
export interface CaseShape {
  credential: 'valid' | 'broken' | 'forbidden-bytes';
  parameters: 'valid' | 'hostile';
  body: BodyKind;
}

/** Requests for `operation`, hostile where `shape` says, derived from its schemas; `kid` is auth's public key id. */
export function fuzzCases(operation: Operation, shape: CaseShape, kid: string): fc.Arbitrary<FuzzCase> {
  const hostileParameters = shape.parameters === 'hostile';
  return credentialFor(operation, shape.credential, kid).chain((credential) =>
    fc.record({
      credential: fc.constant(credential),
      path: pathValues(operation, hostileParameters, credential),
      query: queryPieces(operation.parameters, hostileParameters),
      headers: headerParameters(operation.parameters, hostileParameters),
      body: operation.body ? bodies(operation.body, shape.body) : fc.constant(undefined),
    }),
  );
}

/**
 * Values of the path parameters. A write as the admin goes to existing users only: a segment
 * such as `me` or `%6De` would make it a write to the bootstrap admin itself.
 */
function pathValues(
  operation: Operation,
  hostile: boolean,
  credential: Credential,
): fc.Arbitrary<Record<string, PathValue>> {
  const adminWrites = credential === 'admin' && isWrite(operation);
  const value = !hostile ? existingUserId : adminWrites ? existingUserIdInAnyForm : hostilePathValue;
  const names = operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
  return fc.record(Object.fromEntries(names.map((name) => [name, value])));
}

function credentialFor(operation: Operation, kind: CaseShape['credential'], kid: string): fc.Arbitrary<Credential> {
  if (kind === 'broken') return brokenCredential(kid);
  if (kind === 'forbidden-bytes') return forbiddenBytesCredential;
  // A write to a path that names no resource (/users/me) changes the caller; the one bootstrap
  // admin must keep its e-mail, role and account for the whole run (its token is renewed by login).
  const writesCaller = isWrite(operation) && operation.method !== 'POST' && !operation.path.includes('{');
  return writesCaller ? fc.constant<Credential>('user') : validCredential;
}
