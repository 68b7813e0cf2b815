import { t } from '../shared/i18n';
import type { InspectorSnapshot } from '../shared/protocol';
import { TELEMETRY_CATEGORY } from '../shared/telemetry/schema';
import { renderDeliveryTable } from './delivery-table';
import { type EventRow, renderEventTable } from './event-table';

const DELIVERY_LABELS = {
  eventPing: 'inspectorDeliveryEventPing',
  customPing: 'inspectorDeliveryCustomPing',
  localOnly: 'inspectorDeliveryLocalOnly',
} as const;

function statusEntries(snapshot: InspectorSnapshot): [string, string][] {
  const yesNo = (flag: boolean) => t(flag ? 'inspectorYes' : 'inspectorNo');
  const registration = snapshot.registration.ok ? yesNo(true) : `${yesNo(false)} (${snapshot.registration.error})`;
  return [
    [t('inspectorBrowser'), snapshot.browserVersion],
    [t('inspectorDelivery'), t(DELIVERY_LABELS[snapshot.mode])],
    [t('inspectorUpload'), yesNo(snapshot.uploadAllowed)],
    [t('inspectorRegistration'), registration],
  ];
}

function sessionRows(snapshot: InspectorSnapshot): EventRow[] {
  return snapshot.sessionEvents.map((event) => ({
    time: new Date(event.timestamp).toLocaleTimeString(),
    category: TELEMETRY_CATEGORY,
    method: event.method,
    object: event.object,
    value: event.value,
    extra: null,
  }));
}

function pendingRows(snapshot: InspectorSnapshot): EventRow[] {
  return snapshot.pending.flatMap((segment) =>
    segment.events.map(([msSinceStart, category, method, object, value]) => ({
      time: String(msSinceStart),
      category,
      method,
      object,
      value,
      extra: null,
    })),
  );
}

/** The disclosure's summary names what a click on it does: "Show" while the inspector is folded, "Hide" while open. */
export function labelInspectorSummary(inspector: HTMLDetailsElement): void {
  const summary = inspector.querySelector('summary');
  if (summary) summary.textContent = inspector.open ? t('settingsHideTelemetry') : t('settingsShowTelemetry');
}

/** Draws a snapshot into the inspector's containers, replacing what was there. */
export function renderInspector(root: ParentNode, snapshot: InspectorSnapshot): void {
  const status = root.querySelector('#inspector-status');
  status?.replaceChildren(
    ...statusEntries(snapshot).flatMap(([label, value]) => {
      const term = document.createElement('dt');
      term.textContent = label;
      const description = document.createElement('dd');
      description.textContent = value;
      return [term, description];
    }),
  );
  root
    .querySelector('#inspector-session')
    ?.replaceChildren(renderEventTable(sessionRows(snapshot), 'inspectorColumnClockTime', 'inspector-session-title'));
  const lost = snapshot.pending.reduce((total, segment) => total + segment.lostEventsCount, 0);
  const pending = root.querySelector('#inspector-pending');
  pending?.replaceChildren(
    renderEventTable(pendingRows(snapshot), 'inspectorColumnMsSinceStart', 'inspector-pending-title'),
  );
  if (lost > 0) {
    const note = document.createElement('p');
    note.textContent = t('inspectorLost', String(lost));
    pending?.append(note);
  }
  const deliveries = root.querySelector('#inspector-deliveries');
  deliveries?.replaceChildren(renderDeliveryTable(snapshot.deliveries, 'inspector-deliveries-title'));
  if (snapshot.deliveries.length > 0) {
    const note = document.createElement('p');
    note.textContent = t('inspectorDeliveriesNote');
    deliveries?.append(note);
  }
}
