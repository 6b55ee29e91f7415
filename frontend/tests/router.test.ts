import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasMoved, matchPath, navigate } from '../src/core/router';

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

describe('hasMoved', () => {
  it('is false on the page the app opened on and after a redirect, true once the person moves', () => {
    const moves: string[] = [];
    Object.assign(globalThis, {
      history: { pushState: () => moves.push('push'), replaceState: () => moves.push('replace') },
      window: { scrollTo: () => undefined },
    });
    assert.equal(hasMoved(), false);
    navigate('/c/riverford/sign-in', { replace: true });
    assert.equal(hasMoved(), false);
    navigate('/c/riverford/offer');
    assert.equal(hasMoved(), true);
    assert.deepEqual(moves, ['replace', 'push']);
  });
});
