import { parseStoredBuffer, trimToCapacity } from '../../../../src/background/telemetry/ping-buffer';
import type { BufferSegment, PingEvent } from '../../../../src/shared/telemetry/inspector';

const row = (ms: number): PingEvent => [ms, 'secure.proxy', 'general', 'settingsShown', null, null];

describe('parseStoredBuffer', () => {
  it('reads nothing as an empty buffer', () => {
    expect(parseStoredBuffer(undefined)).toEqual({ segments: [], problems: [] });
  });

  it('keeps a well-formed buffer as it is', () => {
    const stored: BufferSegment[] = [{ processStartTimestamp: 5, events: [row(1), row(2)], lostEventsCount: 3 }];
    expect(parseStoredBuffer(stored)).toEqual({ segments: stored, problems: [] });
  });

  it('starts afresh, saying so, when storage holds something else', () => {
    const parsed = parseStoredBuffer('garbage');
    expect(parsed.segments).toEqual([]);
    expect(parsed.problems).toEqual(['the stored buffer is not a list; starting afresh']);
  });

  it('keeps the valid events of a damaged segment and counts the others as lost', () => {
    const damaged = [
      row(1),
      ['x', 'secure.proxy', 'general', 'settingsShown', null, null],
      [2, 'secure.proxy', 'general', 'notAnEvent', null, null],
      [3, 'other.category', 'general', 'settingsShown', null, null],
      row(4),
    ];
    const parsed = parseStoredBuffer([{ processStartTimestamp: 7, events: damaged, lostEventsCount: 1 }]);
    expect(parsed.segments).toEqual([{ processStartTimestamp: 7, events: [row(1), row(4)], lostEventsCount: 4 }]);
    expect(parsed.problems).toEqual(['stored segment 0 had 3 unreadable events']);
  });

  it('skips an unreadable segment and keeps the rest', () => {
    const good = { processStartTimestamp: 9, events: [row(1)], lostEventsCount: 0 };
    const parsed = parseStoredBuffer([{ events: 'no' }, good]);
    expect(parsed.segments).toEqual([good]);
    expect(parsed.problems).toEqual(['stored segment 0 is unreadable; its events are lost']);
  });
});

describe('trimToCapacity', () => {
  it('drops the oldest events and counts them in their segment', () => {
    const segments = [{ processStartTimestamp: 1, events: [row(1), row(2), row(3)], lostEventsCount: 0 }];
    trimToCapacity(segments, 2);
    expect(segments).toEqual([{ processStartTimestamp: 1, events: [row(2), row(3)], lostEventsCount: 1 }]);
  });

  it('carries the lost count of an emptied segment to the next one', () => {
    const segments = [
      { processStartTimestamp: 1, events: [row(1)], lostEventsCount: 2 },
      { processStartTimestamp: 2, events: [row(5), row(6)], lostEventsCount: 0 },
    ];
    trimToCapacity(segments, 1);
    expect(segments).toEqual([{ processStartTimestamp: 2, events: [row(6)], lostEventsCount: 4 }]);
  });
});
