import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { REVIEW_CASE_KINDS, REVIEW_REASON_MAX_LENGTH } from '@acc/accounts-domain';

export class ReviewCaseListQueryDto {
  @ApiPropertyOptional({ enum: REVIEW_CASE_KINDS })
  @IsOptional()
  @IsIn(REVIEW_CASE_KINDS)
  kind?: (typeof REVIEW_CASE_KINDS)[number];

  @ApiPropertyOptional({ description: '`true`: only open cases past their due time (business days)', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: string;

  @ApiPropertyOptional({ enum: ['open', 'approved', 'rejected', 'withdrawn'] })
  @IsOptional()
  @IsIn(['open', 'approved', 'rejected', 'withdrawn'])
  status?: 'open' | 'approved' | 'rejected' | 'withdrawn';
}

export class ApproveReviewCaseDto {
  @ApiPropertyOptional({ description: 'a note for the record (personal data)', maxLength: REVIEW_REASON_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(REVIEW_REASON_MAX_LENGTH)
  reason?: string;
}

export class RejectReviewCaseDto {
  @ApiProperty({ description: 'why (personal data)', maxLength: REVIEW_REASON_MAX_LENGTH })
  @IsString()
  @MaxLength(REVIEW_REASON_MAX_LENGTH)
  reason!: string;
}

export class AssignReviewCaseDto {
  @ApiProperty({ description: 'the reviewer the case is assigned to', pattern: '^[\\w.@-]{1,64}$' })
  @IsString()
  @Matches(/^[\w.@-]{1,64}$/)
  assignee!: string;
}
