import { describe, expect, it } from '@jest/globals';
import { NEUTRAL_PAGE, exitInLanguage } from './exit-target';

describe('exitInLanguage', () => {
  it('sends the local neutral page in the page’s language', () => {
    expect(exitInLanguage(NEUTRAL_PAGE, '?lang=kk')).toBe('/about-weather.html?lang=kk');
    expect(exitInLanguage(NEUTRAL_PAGE, '?step=2&lang=uz-Latn')).toBe('/about-weather.html?lang=uz-Latn');
  });

  it('leaves an unknown language out, and an EXIT_URL elsewhere exactly as configured', () => {
    expect(exitInLanguage(NEUTRAL_PAGE, '?lang=%3Cb%3E')).toBe('/about-weather.html');
    expect(exitInLanguage(NEUTRAL_PAGE, '')).toBe('/about-weather.html');
    expect(exitInLanguage('https://weather.example/today', '?lang=ky')).toBe('https://weather.example/today');
    expect(exitInLanguage('/news.html', '?lang=ky')).toBe('/news.html');
  });
});
