import { localSocketUrl } from './database-socket';

const sockets =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('the database URL of a supervised service', () => {
  it('goes through the Unix socket of a loopback server whose socket exists', () => {
    expect(
      localSocketUrl(
        'postgres://postgres@127.0.0.1:5432/order_service',
        sockets('/var/run/postgresql/.s.PGSQL.5432'),
      ),
    ).toBe('postgres://postgres@127.0.0.1:5432/order_service?host=%2Fvar%2Frun%2Fpostgresql');
  });

  it("finds the socket of the URL's port (5432 when it names none), in /tmp too", () => {
    expect(
      localSocketUrl('postgres://app:secret@localhost:39539/db', sockets('/tmp/.s.PGSQL.39539')),
    ).toBe('postgres://app:secret@localhost:39539/db?host=%2Ftmp');
    expect(
      localSocketUrl('postgresql://postgres@localhost/db', sockets('/tmp/.s.PGSQL.5432')),
    ).toBe('postgresql://postgres@localhost/db?host=%2Ftmp');
  });

  it('keeps TCP for a remote server, a missing socket, a host of its own or no URL at all', () => {
    const all = () => true;
    expect(localSocketUrl('postgres://postgres@db.internal:5432/db', all)).toBeUndefined();
    expect(localSocketUrl('postgres://postgres@127.0.0.1:5433/db', sockets())).toBeUndefined();
    expect(localSocketUrl('postgres://u@127.0.0.1/db?host=/run/pg', all)).toBeUndefined();
    expect(localSocketUrl('mysql://root@127.0.0.1/db', all)).toBeUndefined();
    expect(localSocketUrl('postgres://u@127.0.0.1:99999/db', all)).toBeUndefined();
    expect(localSocketUrl('not a url', all)).toBeUndefined();
  });
});
