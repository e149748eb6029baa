import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** A message that can never be handled: not JSON, or not what its contract says. */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
}

/**
 * Parses a message body and validates it against its contract class. Unknown properties are
 * dropped, not refused: within one version, producers may add fields before consumers know them.
 */
export function decodePayload<T extends object>(contract: new () => T, content: Buffer): T {
  let plain: unknown;
  try {
    plain = JSON.parse(content.toString('utf8'));
  } catch {
    throw new InvalidMessageError('body is not valid JSON');
  }
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new InvalidMessageError('body is not a JSON object');
  }
  const payload = plainToInstance(contract, plain);
  const errors = validateSync(payload, { whitelist: true });
  if (errors.length > 0) {
    const reasons = errors.flatMap((error) =>
      Object.values(error.constraints ?? { [error.property]: `${error.property} is invalid` }),
    );
    throw new InvalidMessageError(reasons.join('; '));
  }
  return payload;
}
