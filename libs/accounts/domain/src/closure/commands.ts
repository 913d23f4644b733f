/** DEREG-3: enter the cooling-off until `until` (a later call may extend it). */
export type EnterCoolingOff = { type: 'EnterCoolingOff'; data: { until: string; now: string } };
/** DEREG-4: revoke: back to active. */
export type RestoreAccount = { type: 'RestoreAccount'; data: { now: string } };
/** DEREG-6: deregister the account, irreversibly. */
export type DeregisterAccount = { type: 'DeregisterAccount'; data: { now: string } };
/** Records that the account's data key was destroyed (after the fact). */
export type RecordDataErasure = { type: 'RecordDataErasure'; data: { now: string } };

export type ClosureCommand = EnterCoolingOff | RestoreAccount | DeregisterAccount | RecordDataErasure;
