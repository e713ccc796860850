// Compares the Kafka protocol versions kafkajs can speak with what the broker
// accepts. kafkajs picks min(its max, broker max) per API and never checks the
// broker's minimum (KIP-896 removed old versions in Kafka 4), so an API whose
// kafkajs maximum is below the broker minimum fails only when it is used.
//
//   node tools/stack/api-versions.mjs [host:port]   (exit 1 when any API is unusable)
import net from 'node:net';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Raw ApiVersions v0 request: every broker answers it, whatever its age. */
export function fetchBrokerApiVersions(broker = '127.0.0.1:9092', timeoutMs = 5000) {
  const [host, port] = broker.split(':');
  return new Promise((resolve, reject) => {
    const clientId = Buffer.from('logisync-stack');
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
    body.writeInt16BE(18, 0); // ApiVersions
    body.writeInt16BE(0, 2); // v0
    body.writeInt32BE(1, 4); // correlation id
    body.writeInt16BE(clientId.length, 8);
    clientId.copy(body, 10);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length, 0);
    let buf = Buffer.alloc(0);
    const sock = net.connect({ host, port: Number(port) }, () =>
      sock.write(Buffer.concat([size, body])),
    );
    sock.setTimeout(timeoutMs, () =>
      sock.destroy(new Error(`no ApiVersions answer from ${broker}`)),
    );
    sock.on('error', reject);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4 || buf.length < 4 + buf.readInt32BE(0)) return;
      sock.end();
      const errorCode = buf.readInt16BE(8);
      if (errorCode !== 0) return reject(new Error(`ApiVersions error code ${errorCode}`));
      const n = buf.readInt32BE(10);
      const apis = new Map();
      for (let i = 0, o = 14; i < n; i++, o += 6) {
        apis.set(buf.readInt16BE(o), { min: buf.readInt16BE(o + 2), max: buf.readInt16BE(o + 4) });
      }
      resolve(apis);
    });
  });
}

/** kafkajs' implemented versions per API key, from its own request table. */
export function kafkajsApiVersions() {
  const base = require.resolve('kafkajs').replace(/index\.js$/, 'src/protocol/requests/');
  const apiKeys = require(`${base}apiKeys.js`);
  const dirs = {
    GroupCoordinator: 'findCoordinator',
    ElectPreferredLeaders: null,
  };
  const out = new Map();
  for (const [name, key] of Object.entries(apiKeys)) {
    const dir = name in dirs ? dirs[name] : name[0].toLowerCase() + name.slice(1);
    if (!dir) continue;
    let versions;
    try {
      versions = Object.keys(require(`${base}${dir}/index.js`).versions).map(Number);
    } catch {
      continue; // not implemented by kafkajs
    }
    out.set(key, { name, min: Math.min(...versions), max: Math.max(...versions) });
  }
  return out;
}

export async function compareApiVersions(broker) {
  const brokerApis = await fetchBrokerApiVersions(broker);
  const rows = [];
  for (const [key, js] of kafkajsApiVersions()) {
    const b = brokerApis.get(key);
    let verdict;
    if (!b) verdict = 'not served by broker';
    else if (js.max < b.min) verdict = 'BROKEN: kafkajs max < broker min';
    else verdict = `ok, uses v${Math.min(js.max, b.max)}`;
    rows.push({
      key,
      api: js.name,
      kafkajs: `${js.min}-${js.max}`,
      broker: b ? `${b.min}-${b.max}` : '-',
      verdict,
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const broker = process.argv[2] ?? process.env.KAFKA_BROKERS?.split(',')[0] ?? '127.0.0.1:9092';
  const rows = await compareApiVersions(broker);
  console.table(rows);
  process.exit(rows.some((r) => r.verdict.startsWith('BROKEN')) ? 1 : 0);
}
