import { PartialType } from '@nestjs/swagger';
import { ReplaceUserRequestDto } from './replace-user.request.dto';

/**
 * PATCH: any subset of the modifiable fields; absent fields keep their value. `null` is not
 * "absent": it is validated like any value and refused (skipNullProperties: false), where the
 * default PartialType would let it through to the database.
 */
export class PatchUserRequestDto extends PartialType(ReplaceUserRequestDto, { skipNullProperties: false }) {}
