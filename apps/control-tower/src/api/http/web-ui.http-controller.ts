import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Param, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProblemException, Public, problem } from '@logisync/http-kit';
import { ControlTowerProblemFilter } from './control-tower-problem.filter';

const UI_DIR = join(__dirname, '..', '..', 'ui');
const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};
const cache = new Map<string, string>();
const read = (file: string) => {
  if (!cache.has(file)) cache.set(file, readFileSync(join(UI_DIR, file), 'utf8'));
  return cache.get(file)!;
};

/** The web UI: one page and two assets, all served from here; nothing from the internet. */
@ApiExcludeController()
@UseFilters(ControlTowerProblemFilter)
@Public()
@Controller()
export class WebUiHttpController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  index() {
    return read('index.html');
  }

  @Get('ui/:asset')
  asset(@Param('asset') asset: string, @Res() res: { type(t: string): { send(b: string): void } }) {
    // Own keys only: 'constructor' would find Object's and read a file that is not there (500).
    const type = Object.hasOwn(ASSETS, asset) ? ASSETS[asset] : undefined;
    if (!type) throw new ProblemException(problem(404, 'UI.NOT_FOUND', `no asset ${asset}`));
    res.type(type).send(read(asset));
  }
}
