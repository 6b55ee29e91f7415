import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { check, importsOf, readSources } from '../tools/import-contract';

const sources = readSources('.');
const withFile = (path: string, source: string) => check(new Map([...sources, [path, source]]));

describe('the import contract', () => {
  it('holds for the front end as it is', () => {
    assert.deepEqual(check(sources), []);
  });

  it('reads static, type-only, re-exported, side-effect and dynamic imports, not comments', () => {
    const source = [
      "import { a } from './a';",
      "import type {\n  B,\n  C,\n} from '../b';",
      "export { d } from './d';",
      "import './e.css';",
      "const f = () => import('./f');",
      "// import { g } from './g';",
    ].join('\n');
    assert.deepEqual(importsOf(source), ['./a', '../b', './d', './e.css', './f']);
  });

  it('reports the core importing a feature', () => {
    const violations = withFile('frontend/src/core/upward.ts', "import { sendDraft } from '../features/statements/statements';");
    assert.deepEqual(violations, [
      { rule: 'core must not import feature', from: 'frontend/src/core/upward.ts', to: 'frontend/src/features/statements/statements.ts' },
    ]);
  });

  it('lets the core use the API\'s generated types', () => {
    assert.deepEqual(withFile('frontend/src/core/typed.ts', "import type { Me } from '../api/types';"), []);
  });

  it('reports a feature importing another, and staff importing a feature', () => {
    const across = withFile('frontend/src/features/plan/across.ts', "import type { Draft } from '../statements/statements';");
    assert.equal(across[0]?.rule, 'a feature must not import another feature');
    const staff = withFile('frontend/src/staff/upward.ts', "import { useMyPlan } from '../features/plan/use-my-plan';");
    assert.equal(staff[0]?.rule, 'staff must not import feature');
  });

  it('reports an import cycle', () => {
    const cycle = check(
      new Map([
        ['frontend/src/features/x/a.ts', "import { b } from './b';"],
        ['frontend/src/features/x/b.ts', "import { a } from './a';"],
      ]),
    );
    assert.deepEqual(cycle.map((one) => one.rule), ['no import cycles']);
  });

  it('fails `npm run lint:imports` when a file imports upwards', () => {
    const root = mkdtempSync(join(tmpdir(), 'contract-'));
    try {
      mkdirSync(join(root, 'frontend/src/core'), { recursive: true });
      mkdirSync(join(root, 'frontend/src/views'), { recursive: true });
      mkdirSync(join(root, 'service-worker'));
      writeFileSync(join(root, 'frontend/src/views/Page.tsx'), 'export const Page = 1;');
      writeFileSync(join(root, 'frontend/src/core/upward.ts'), "import { Page } from '../views/Page';");
      const run = () => execFileSync('npx', ['tsx', join(process.cwd(), 'frontend/tools/import-contract.ts'), root], { stdio: 'pipe' });
      assert.throws(run, (error: { status: number; stderr: Buffer }) => {
        assert.equal(error.status, 1);
        assert.match(error.stderr.toString(), /core\/upward\.ts -> frontend\/src\/views\/Page\.tsx: core must not import views/);
        return true;
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
