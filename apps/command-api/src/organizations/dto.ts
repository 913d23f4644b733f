import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ConsistencyQueryDto } from '../queries/dto';

const UIN = /^[1-9]\d{11}$/;
export const CORP_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const WECOM_USER_ID = /^[A-Za-z0-9_.@-]{1,64}$/;
const NAME = /^[^\u0000-\u001f]{1,64}$/;

export class WeComAssertionDto {
  @ApiProperty({ description: 'HS256 JWT signed by the WeCom gateway (issuer `account-center/wecom-gateway`): `sub` the corp id, `report` what it reports', maxLength: 65536 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(65536)
  assertion!: string;
}

/** Who acts for the account: its main account, or (both fields) one of its sub-users. */
export class ActingForDto {
  @ApiProperty({ description: 'the cloud account (UIN) acted for', example: '100012345678' })
  @IsString()
  @Matches(UIN, { message: 'accountId must be a 12-digit UIN' })
  accountId!: string;

  @ApiPropertyOptional({ description: 'acting as a sub-user of the account: its WeCom corp id (with `subUserId`); absent: as the main account' })
  @IsOptional()
  @IsString()
  @Matches(CORP_ID, { message: 'subUserCorpId must be a WeCom corp id' })
  subUserCorpId?: string;

  @ApiPropertyOptional({ description: 'acting as a sub-user: its WeCom user id (with `subUserCorpId`)' })
  @IsOptional()
  @IsString()
  @Matches(WECOM_USER_ID, { message: 'subUserId must be a WeCom user id' })
  subUserId?: string;
}

export class BindOrganizationDto extends ActingForDto {
  @ApiProperty({ description: 'the WeCom gateway’s `member_scan` assertion of the organisation’s WeCom admin (logged in by WeCom scan)', maxLength: 8192 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  adminAssertion!: string;
}

export class ApproveApplicationDto extends ActingForDto {
  @ApiProperty({ description: 'policies to assign: AdministratorAccess, ReadOnlyAccess, QCloudResourceFullAccess, QCloudFinanceFullAccess', type: [String], minItems: 1, maxItems: 20 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[A-Za-z][A-Za-z0-9]{0,63}$/, { each: true, message: 'a policy is a policy name' })
  policies!: string[];

  @ApiProperty({ description: 'user groups to add the sub-user to', type: [String], maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(NAME, { each: true, message: 'a group is a name of 1-64 characters' })
  groups!: string[];

  @ApiPropertyOptional({ description: 'also make the organisation’s WeCom admin a CAM admin of the account (ORG-3)', default: false })
  @IsOptional()
  @IsBoolean()
  weComAdminAsCamAdmin?: boolean;
}

export class ApplicationsQueryDto extends ConsistencyQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'expired', 'approved', 'rejected', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'expired', 'approved', 'rejected', 'closed'])
  status?: 'open' | 'expired' | 'approved' | 'rejected' | 'closed';
}
