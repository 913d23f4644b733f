/**
 * The TOTP arithmetic (HMAC) happens outside the domain: commands carry the result of
 * checking a code against the device secret (`check`).
 */
export interface CodeCheck {
  readonly valid: boolean;
  readonly timeStep?: number;
}

export type MfaPurpose = 'bind' | 'unbind' | 'identity_verification' | 'login' | 'operation';

export type StartVirtualMfaBinding = { type: 'StartVirtualMfaBinding'; data: { deviceId: string; secret: string; verificationToken: string; now: string } };
export type ConfirmMfaBinding = {
  type: 'ConfirmMfaBinding';
  data: { check: CodeCheck; scopes: { login: boolean; operation: boolean }; now: string };
};
export type BindHardwareMfa = {
  type: 'BindHardwareMfa';
  data: { deviceId: string; serial: string; check: CodeCheck; scopes: { login: boolean; operation: boolean }; verificationToken: string; now: string };
};
export type VerifyMfaCode = { type: 'VerifyMfaCode'; data: { check: CodeCheck; purpose: MfaPurpose; now: string } };
export type UnbindMfa = { type: 'UnbindMfa'; data: { kind: 'virtual' | 'hardware'; check: CodeCheck; now: string } };
export type MfaCommand = StartVirtualMfaBinding | ConfirmMfaBinding | BindHardwareMfa | VerifyMfaCode | UnbindMfa;
