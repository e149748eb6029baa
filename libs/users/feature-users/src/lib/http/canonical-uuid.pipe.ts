import { ParseUUIDPipe, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { validationProblem } from '@platform/util-http';

/**
 * A UUID path parameter, given back in lower case; anything else is a 400 problem naming the
 * parameter. UUIDs are case-insensitive (RFC 9562 §4), and ours are stored, compared (the owner
 * check against the token's subject) and published in lower case: `/users/<ID>` must name the
 * same user as `/users/<id>`, and pass the same checks.
 */
export class CanonicalUuidPipe implements PipeTransform<string, Promise<string>> {
  private readonly uuid: ParseUUIDPipe;

  constructor(field: string) {
    this.uuid = new ParseUUIDPipe({
      exceptionFactory: () => validationProblem([{ field, in: 'path', message: `${field} must be a UUID` }]),
    });
  }

  async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    return (await this.uuid.transform(value, metadata)).toLowerCase();
  }
}
