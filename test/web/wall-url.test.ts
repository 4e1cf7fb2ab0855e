import { describe, expect, it } from 'vitest';
import { dashboardHref, MIN_ROTATE_SEC, parseWallUrl } from '../../web/src/state/wall-url';

describe('parseWallUrl', () => {
  it('defaults to the first dashboard, dark, no kiosk, no rotation', () => {
    expect(parseWallUrl('/', '')).toEqual({ route: { kind: 'dashboard' }, kiosk: false, theme: 'dark' });
  });

  it('reads /d/<id>, /dashboards and ?topics=', () => {
    expect(parseWallUrl('/d/ops', '').route).toEqual({ kind: 'dashboard', id: 'ops' });
    expect(parseWallUrl('/d/ops/', '').route).toEqual({ kind: 'dashboard', id: 'ops' });
    expect(parseWallUrl('/dashboards', '').route).toEqual({ kind: 'list' });
    expect(parseWallUrl('/', '?topics=a.b,%20c ,,a.b').route).toEqual({ kind: 'topics', topics: ['a.b', 'c'] });
  });

  it('reads ?kiosk, ?rotate= and ?theme=', () => {
    expect(parseWallUrl('/', '?kiosk&rotate=30&theme=contrast')).toEqual({ route: { kind: 'dashboard' }, kiosk: true, rotateSec: 30, theme: 'contrast' });
    expect(parseWallUrl('/', '?kiosk=1').kiosk).toBe(true);
    expect(parseWallUrl('/', '?kiosk=false').kiosk).toBe(false);
    expect(parseWallUrl('/', '?theme=light').theme).toBe('light');
  });

  it('falls back to defaults for values it cannot use', () => {
    expect(parseWallUrl('/', '?theme=neon').theme).toBe('dark');
    expect(parseWallUrl('/', '?rotate=abc').rotateSec).toBeUndefined();
    expect(parseWallUrl('/', '?rotate=-5').rotateSec).toBeUndefined();
    expect(parseWallUrl('/', '?rotate=1').rotateSec).toBe(MIN_ROTATE_SEC);
  });
});

describe('dashboardHref', () => {
  it('keeps the display options and drops ?topics', () => {
    expect(dashboardHref('ops', '?kiosk&rotate=30&topics=a')).toBe('/d/ops?kiosk&rotate=30');
    expect(dashboardHref('wall', '')).toBe('/d/wall');
  });
});
