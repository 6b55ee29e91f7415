import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchPath } from '../src/core/router';

describe('matchPath', () => {
  it('reads params from the path', () => {
    assert.deepEqual(matchPath('/c/:slug/offer/:itemId', '/c/riverford/offer/setting-up-home'), {
      slug: 'riverford',
      itemId: 'setting-up-home',
    });
  });

  it('ignores a trailing slash', () => {
    assert.deepEqual(matchPath('/c/:slug', '/c/riverford/'), { slug: 'riverford' });
    assert.deepEqual(matchPath('/', '/'), {});
  });

  it('refuses other paths', () => {
    assert.equal(matchPath('/c/:slug', '/c/riverford/offer'), null);
    assert.equal(matchPath('/c/:slug/check', '/c/riverford/pledge'), null);
    assert.equal(matchPath('/c/:slug', '/c/%E0%A4%A'), null);
  });
});
