/** The prom-client registry the runtime's metrics and the control tower's gauges share. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
