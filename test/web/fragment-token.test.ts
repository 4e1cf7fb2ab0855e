import { describe, expect, it } from 'vitest';
import { fragmentToken } from '../../web/src/state/fragment-token';

describe('fragmentToken', () => {
  it('reads token= from the fragment, decoded, and nothing else', () => {
    expect(fragmentToken('#token=abc')).toBe('abc');
    expect(fragmentToken('#x=1&token=a%2Bb%3D')).toBe('a+b=');
    expect(fragmentToken('#token=')).toBeUndefined();
    expect(fragmentToken('#tokens=abc')).toBeUndefined();
    expect(fragmentToken('')).toBeUndefined();
  });
});
