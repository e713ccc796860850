// A process that supervises one child and then waits, for the tests of what happens to the
// child when this process goes away. CHILD=plain: a bare HTTP server; CHILD=watching: one that
// watches its parent as the services do.
import { join } from 'node:path';
import { ProcessSupervisor } from '../process-supervisor';

const port = Number(process.env['PORT']);
const plainServer = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1');`;
const supervisor = new ProcessSupervisor(process.env['LOG_DIR']!);
void supervisor
  .start({
    name: 'child',
    command: process.execPath,
    args:
      process.env['CHILD'] === 'watching'
        ? ['--import', 'tsx', join(__dirname, 'watching-child.ts')]
        : ['-e', plainServer],
    env: { PORT: String(port) },
    healthUrl: `http://127.0.0.1:${port}/`,
    readyTimeoutMs: 30_000,
  })
  .then((status) => console.log(`child ${status.pid}`));
setInterval(() => undefined, 1_000);
