import { deprecationHeaders } from './deprecation-headers';

describe('deprecation headers', () => {
  it('sends Deprecation as an RFC 9745 date, Sunset as an HTTP-date, and both links', () => {
    expect(
      deprecationHeaders({
        since: '2026-01-01T00:00:00Z',
        sunset: '2026-07-01',
        link: 'https://docs.example.com/migrate-to-v2',
        sunsetLink: 'https://docs.example.com/sunset-policy',
      }),
    ).toEqual({
      deprecation: '@1767225600',
      sunset: 'Wed, 01 Jul 2026 00:00:00 GMT',
      link: '<https://docs.example.com/migrate-to-v2>; rel="deprecation"; type="text/html", <https://docs.example.com/sunset-policy>; rel="sunset"; type="text/html"',
    });
  });

  it('sends only Deprecation when nothing else is known', () => {
    expect(deprecationHeaders({ since: '2026-01-01' })).toEqual({ deprecation: '@1767225600' });
  });
});
