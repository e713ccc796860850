/** Injection tokens of the control tower's configuration pieces. */
export const SERVICE_URLS = Symbol('SERVICE_URLS');
export const SLA_RULES = Symbol('SLA_RULES');
export const CONTROL_TOWER_SETTINGS = Symbol('CONTROL_TOWER_SETTINGS');

export interface ControlTowerSettings {
  slaCheckIntervalMs: number;
  packedNotLoadedSeconds: number;
}
