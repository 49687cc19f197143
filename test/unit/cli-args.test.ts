// A legacy access token beginning with « - » reaches `tutors verify` whole, whatever its second letter: commander
// would otherwise read « -q… » as --quiet and « -V… » as --version (a flaky failure, 2 tokens in 64).
import { describe, expect, it } from 'vitest';
import { protectDashToken } from '../../src/cli/main.js';

const node = ['node', 'cpro'];
const token = (second: string) => `-${second}b3RoZXJfY2hhcmFjdGVyc19oZXJlX3Rva2Vu`;

describe('protectDashToken', () => {
  it('moves a dash token after « -- », whatever letter follows the dash', () => {
    for (const c of 'qVhjdABz09_') {
      expect(protectDashToken([...node, '--db', 'x.db', 'tutors', 'verify', token(c), '--json'])).toEqual([
        ...node, '--db', 'x.db', 'tutors', 'verify', '--json', '--', token(c),
      ]);
    }
  });
  it('leaves options, « - » (standard input), plain tokens and other commands alone', () => {
    for (const args of [
      ['tutors', 'verify', '-', '--json'],
      ['tutors', 'verify', 'cAbcdefghijklmnopqrstuvwxyz', '-q'],
      ['tutors', 'verify', '--json', '--', token('q')],
      ['tutors', 'list', '--period', '-qAbcdefghijklmnopqrstuvwxyz'],
    ]) {
      expect(protectDashToken([...node, ...args])).toEqual([...node, ...args]);
    }
  });
});
