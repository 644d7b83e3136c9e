import { POW_STEP_FACTOR, powMaxNumber, powStep } from './proof-of-work';

describe('proof-of-work difficulty steps', () => {
  it('steps up after 1, 4 and 16 times the load step of challenges in the window, and no further', () => {
    const step = 60;
    expect([1, 60, 61, 240, 241, 960, 961, 100_000].map((issued) => powStep(issued, step))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('multiplies the largest counter by 4 a step', () => {
    const config = { POW_BASE_MAX_NUMBER: 10_000 };
    expect([0, 1, 2, 3].map((s) => powMaxNumber(config, s))).toEqual([10_000, 40_000, 160_000, 640_000]);
    expect(POW_STEP_FACTOR).toBe(4);
  });
});
