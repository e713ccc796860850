import { hostsIn } from './endpoints';
import {
  composeSchemaErrors,
  containerPorts,
  environmentOf,
  interpolate,
  mergeCompose,
  parseCompose,
} from './compose-load';

describe('compose loading', () => {
  it('interpolates with defaults and resolves << merges', () => {
    const doc = parseCompose(`
x-env: &env
  A: \${A_VALUE:-one}
services:
  s:
    image: busybox:\${TAG-latest}
    environment:
      <<: *env
      B: \${UNSET}
      C: $$HOME
`);
    expect(doc.services?.s.image).toBe('busybox:latest');
    expect(environmentOf(doc.services!.s)).toEqual({ A: 'one', B: '', C: '$HOME' });
    expect(interpolate(['${X:-1}'])).toEqual(['1']);
  });

  it('merges override mappings key by key and replaces the rest', () => {
    expect(
      mergeCompose(
        { services: { a: { environment: { X: '1', Y: '2' }, ports: ['1:1'] } } },
        { services: { a: { environment: { Y: '3' }, ports: ['2:2'] } } },
      ),
    ).toEqual({ services: { a: { environment: { X: '1', Y: '3' }, ports: ['2:2'] } } });
  });

  it('reads environment lists and port syntaxes', () => {
    expect(environmentOf({ environment: ['A=1=2', 'B'] })).toEqual({ A: '1=2', B: '' });
    expect(
      containerPorts({ ports: ['3001:3000', 8080, '127.0.0.1:90:91/tcp', { target: 5 }] }),
    ).toEqual([3000, 8080, 91, 5]);
  });

  it('validates against the Compose specification', () => {
    expect(composeSchemaErrors(parseCompose('services:\n  a:\n    image: x\n'))).toEqual([]);
    expect(composeSchemaErrors(parseCompose('services:\n  a:\n    imag: x\n'))).toEqual([
      "/services/a must NOT have additional properties: 'imag'",
    ]);
    expect(
      composeSchemaErrors(parseCompose('services:\n  a:\n    image: x\n    restart: [1]\n')),
    ).toContainEqual('/services/a/restart must be string');
  });
});

describe('hostsIn', () => {
  it('finds hosts in URLs and broker lists only', () => {
    expect(hostsIn('postgres://u:p@postgres:5432/db')).toEqual(['postgres']);
    expect(hostsIn('http://registry:8080/apis/ccompat/v7')).toEqual(['registry']);
    expect(hostsIn('kafka-1:9092, kafka-2:9092')).toEqual(['kafka-1', 'kafka-2']);
    expect(hostsIn('0 2 * * *')).toEqual([]);
    expect(hostsIn('eu-west=1900,us-east=800')).toEqual([]);
  });
});
