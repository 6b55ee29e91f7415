import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLEAR, press, type Key } from '../src/calculator/calculate';

function keys(...pressed: Key[]): string {
  return pressed.reduce(press, CLEAR).shown;
}

describe('the calculator quick exit opens', () => {
  it('adds, takes away, multiplies and divides, left to right', () => {
    assert.equal(keys('1', '2', '+', '3', '0', '='), '42');
    assert.equal(keys('2', '+', '3', '*', '4', '='), '20');
    assert.equal(keys('9', '-', '1', '2', '='), '-3');
    assert.equal(keys('7', '/', '2', '='), '3.5');
  });

  it('shows 0.1 + 0.2 as 0.3, and one point per number', () => {
    assert.equal(keys('.', '1', '+', '.', '2', '='), '0.3');
    assert.equal(keys('1', '.', '.', '5'), '1.5');
  });

  it('shows the result so far at each operator, and a second operator replaces the first', () => {
    assert.equal(keys('2', '+', '3', '*'), '5');
    assert.equal(keys('6', '+', '*', '2', '='), '12');
  });

  it('says Error for a division by 0, and the next key starts again', () => {
    assert.equal(keys('1', '/', '0', '='), 'Error');
    assert.equal(keys('1', '/', '0', '=', '5'), '5');
    assert.equal(keys('1', '2', 'C'), '0');
  });
});
