import fc from 'fast-check';
import { bodies, type BodyKind } from './bodies';
import { brokenCredential, forbiddenBytesCredential, validCredential } from './credentials';
import type { Credential, FuzzCase, PathValue } from './fuzz-case';
import type { Operation } from './openapi-operations';
import { existingUserId, headerParameters, hostilePathValue, queryPieces } from './parameters';

/** Which parts of a request a category of cases makes hostile; the rest is valid. */
export interface CaseShape {
  credential: 'valid' | 'broken' | 'forbidden-bytes';
  parameters: 'valid' | 'hostile';
  body: BodyKind;
}

/** Requests for `operation`, hostile where `shape` says, derived from its schemas; `kid` is auth's public key id. */
export function fuzzCases(operation: Operation, shape: CaseShape, kid: string): fc.Arbitrary<FuzzCase> {
  const hostileParameters = shape.parameters === 'hostile';
  const pathValue = hostileParameters ? hostilePathValue : existingUserId;
  const path: Record<string, fc.Arbitrary<PathValue>> = Object.fromEntries(
    operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => [parameter.name, pathValue]),
  );
  return fc.record({
    credential: credentialFor(operation, shape.credential, kid),
    path: fc.record(path),
    query: queryPieces(operation.parameters, hostileParameters),
    headers: headerParameters(operation.parameters, hostileParameters),
    body: operation.body ? bodies(operation.body, shape.body) : fc.constant(undefined),
  });
}

function credentialFor(operation: Operation, kind: CaseShape['credential'], kid: string): fc.Arbitrary<Credential> {
  if (kind === 'broken') return brokenCredential(kid);
  if (kind === 'forbidden-bytes') return forbiddenBytesCredential;
  // A DELETE that names no resource deletes the caller: the one bootstrap admin must survive the run.
  const deletesCaller = operation.method === 'DELETE' && !operation.path.includes('{');
  return deletesCaller ? fc.constant<Credential>('user') : validCredential;
}
