/** Host and port of URLs and of host:port lists (KAFKA_BROKERS); nothing for other values. */
export function endpointsIn(value: string): { host: string; port?: number }[] {
  const url = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^:/?#]+)(?::(\d+))?/i.exec(value);
  if (url) {
    const defaults: Record<string, number> = { http: 80, https: 443 };
    return [{ host: url[2], port: url[3] ? Number(url[3]) : defaults[url[1].toLowerCase()] }];
  }
  if (!/^[\w.-]+:\d+(,\s*[\w.-]+:\d+)*$/.test(value)) return [];
  return value.split(',').map((h) => {
    const [host, port] = h.trim().split(':');
    return { host, port: Number(port) };
  });
}

export const hostsIn = (value: string) => endpointsIn(value).map((e) => e.host);
