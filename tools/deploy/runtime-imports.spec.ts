import { importsOf } from './runtime-imports';

describe('importsOf', () => {
  it('keeps what survives compilation and drops type-only imports', () => {
    const source = `import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { Registry } from 'prom-client';
import { type Pool } from 'pg';
import {
  a,
  type B,
} from './local';
export { c } from '@logisync/event-runtime';
export type { D } from 'typeorm';
export * from './all';
const lazy = () => import('kafkajs');
const old = require('avsc');`;
    expect(importsOf(source).sort()).toEqual(
      [
        './all',
        './local',
        '@logisync/event-runtime',
        '@nestjs/core',
        'avsc',
        'kafkajs',
        'reflect-metadata',
      ].sort(),
    );
  });
});
