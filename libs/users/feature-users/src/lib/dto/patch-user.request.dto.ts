import { PartialType } from '@nestjs/swagger';
import { ReplaceUserRequestDto } from './replace-user.request.dto';

/** PATCH: any subset of the modifiable fields; absent fields keep their value. */
export class PatchUserRequestDto extends PartialType(ReplaceUserRequestDto) {}
