import './setup';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workerScript } from '../src/core/service-worker';
import { audienceFiles, audiencesOf, type ViteManifest } from '../../service-worker/audiences';

describe('each audience precaches its own chunks', () => {
  const manifest: ViteManifest = {
    'index.html': { file: 'assets/index.js', css: ['assets/index.css'], imports: ['_i18n.js'], dynamicImports: ['src/views/my-plan.ts', 'src/staff/StaffPages.tsx'] },
    'calculator.html': { file: 'assets/calculator.js' },
    '_i18n.js': { file: 'assets/i18n.js' },
    '_shared.js': { file: 'assets/shared.js', dynamicImports: ['src/features/lock/keys.ts'] },
    'src/views/my-plan.ts': { file: 'assets/my-plan.js', imports: ['_shared.js'] },
    'src/features/lock/keys.ts': { file: 'assets/keys.js' },
    'src/staff/StaffPages.tsx': { file: 'assets/StaffPages.js', imports: ['_shared.js', '_staff-only.js', 'index.html'] },
    '_staff-only.js': { file: 'assets/staff-only.js' },
  };

  it("gives staff the start-up code and the staff pages' static imports, young people the rest", () => {
    const files = audienceFiles(manifest);

    assert.deepEqual([...files.staff].sort(), [
      'assets/StaffPages.js',
      'assets/i18n.js',
      'assets/index.css',
      'assets/index.js',
      'assets/shared.js',
      'assets/staff-only.js',
      'index.html',
    ]);
    assert.deepEqual([...files.young_people].sort(), [
      'assets/calculator.js',
      'assets/i18n.js',
      'assets/index.css',
      'assets/index.js',
      'assets/keys.js',
      'assets/my-plan.js',
      'assets/shared.js',
      'calculator.html',
      'index.html',
    ]);
    assert.deepEqual(audiencesOf('favicon.svg', files), ['staff', 'young_people']);
    assert.deepEqual(audiencesOf('assets/staff-only.js', files), ['staff']);
  });

  it("registers whoever is signed in their own worker; signed out, keeps whichever a browser has", () => {
    const staff = { kind: 'staff' } as const;
    const youngPerson = { kind: 'young_person' } as const;
    assert.equal(workerScript(undefined, undefined, '/staff/sign-in'), '/sw.js?for=staff');
    assert.equal(workerScript(null, undefined, '/c/riverford'), '/sw.js');
    assert.equal(workerScript(null, '/sw.js', '/staff'), '/sw.js');
    assert.equal(workerScript(undefined, '/sw.js?for=staff', '/c/riverford'), '/sw.js?for=staff');
    // Whoever first opened this browser's Harbour, and wherever they are now.
    assert.equal(workerScript(youngPerson, '/sw.js?for=staff', '/staff/sign-in'), '/sw.js');
    assert.equal(workerScript(staff, '/sw.js', '/c/riverford'), '/sw.js?for=staff');
    assert.equal(workerScript(staff, '/sw.js?for=staff', '/staff'), '/sw.js?for=staff');
  });
});
