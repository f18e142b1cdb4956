/**
 * The Remote Desktop certificate from a Group Policy certificate template (11.14): events 1061-1065
 * of Microsoft-Windows-TerminalServices-RemoteConnectionManager in the System log.
 * What each id means comes from Microsoft: the event pages of "Terminal Services / Remote Desktop
 * Services Authentication and Encryption" (Windows Server 2008 and 2008 R2) for 1062
 * (EVENT_TS_SSL_WRONG_SUBJECT_NAME), 1064 (EVENT_TS_SSL_TEMPLATE_CERT_CREATE_FAILED) and 1065
 * (EVENT_TS_SSL_TEMPLATE_CERT_REPLACE_FAILED); KB 2531138 for 1063 (a new template-based certificate
 * was installed; installed again and again when the template's name and display name differ).
 * 1061: no documentation found, so its own message is shown and not interpreted.
 */
import { eventsDataSchema, type EventGroup } from '../../checks/windows/events';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { checkServerEvents, fix, powershellCommand, renewCertificate, type FixContext } from '../../catalog';
import type { FixSuggestion, Severity } from '../../model';
import { eventGroupText } from './eventText';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const rdpTemplateCertificate = windowsFindingDefinition('rdp-certificate-template-events', 'warning', 'certificate');

interface TemplateEvent {
  severity: Severity;
  /** Part of the plain sentence "Windows logged: …". */
  plain: (g: EventGroup) => string;
  /** For IT: what the id means and where the cause lies. */
  detail: string;
  /** Caused by the template or the policy (1061 is not known to be). */
  template: boolean;
}

/** One home for what each event id means. */
const TEMPLATE_EVENTS: Record<number, TemplateEvent> = {
  1061: { severity: 'info', template: false, plain: () => "a Remote Desktop entry that RDP Doctor cannot explain (IT can read Windows' own words in the details)", detail: '1061: no Microsoft description found; its message is quoted as Windows wrote it, not interpreted.' },
  1062: { severity: 'warning', template: true, plain: () => 'the certificate your organisation issued for Remote Desktop carries a wrong name, so Windows uses its own certificate instead and you may be asked whether to trust this computer', detail: '1062 (EVENT_TS_SSL_WRONG_SUBJECT_NAME): the template-based certificate has an invalid subject name, so the listener uses its default (self-signed) certificate; the template must build the subject from the DNS name.' },
  1063: { severity: 'info', template: true, plain: (g) => `Remote Desktop was given a new certificate from your organisation ${g.count} times, so this computer's identity keeps changing`, detail: '1063: a new template-based certificate was installed. Again and again (here more than once a day) is the case of Microsoft KB 2531138: the template name and the template display name differ, so the service does not recognise its certificate and enrols another; give both the same value and name it in the policy.' },
  1064: { severity: 'warning', template: true, plain: () => 'a new Remote Desktop certificate from your organisation could not be installed', detail: '1064 (EVENT_TS_SSL_TEMPLATE_CERT_CREATE_FAILED): no new template-based certificate could be installed. Check the template name in the policy, that the template exists and the certification authority issues it, that the computer account may enrol for it and that it is valid for Server Authentication.' },
  1065: { severity: 'error', template: true, plain: () => 'the Remote Desktop certificate from your organisation has expired and could not be replaced, which can stop connections or make them warn about the certificate', detail: '1065 (EVENT_TS_SSL_TEMPLATE_CERT_REPLACE_FAILED): the template-based certificate in use has expired and could not be replaced; renew it (or repair the enrolment as for 1064) and bind the new one.' },
};

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The groups that say something: 1063 only when a certificate came more than once a day on average. */
function templateHits(groups: readonly EventGroup[], days: number): EventGroup[] {
  return groups.filter((g) => g.id in TEMPLATE_EVENTS && g.count > 0 && (g.id !== 1063 || g.count > days));
}

const TEMPLATE_OID = '1.3.6.1.4.1.311.21.7'; // szOID_CERTIFICATE_TEMPLATE: which template a certificate came from

export function reviewCertificateTemplate(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'review-certificate-template',
    title: 'Ask IT to correct the Remote Desktop certificate template',
    plain: 'Your organisation gives this computer its Remote Desktop certificate through a certificate template in Group Policy. IT needs to correct the template or the policy; the computer then gets a working certificate at its next policy refresh.',
    where: 'server',
    invasiveness: 'low',
    risk: 'The changes are made on the certification authority and in Group Policy, not here; a template change affects every computer that uses it. The command below only reads.',
    steps: [
      'In Group Policy, open Computer Configuration > Administrative Templates > Windows Components > Remote Desktop Services > Remote Desktop Session Host > Security > Server authentication certificate template and note the template name.',
      'On the certification authority, check that the template exists and is issued, that the computer account may enrol for it, that it is valid for Server Authentication and builds the subject from the DNS name (event 1062).',
      'If certificates are installed again and again (event 1063), give the template the same template name and display name, and use that name in the policy (Microsoft KB 2531138).',
      'On the computer you connect to, run the command below to see which certificates came from which template, then gpupdate /force, then run the check again.',
    ],
    commands: [
      powershellCommand(
        'The computer certificates, their template and expiry date',
        `Get-ChildItem Cert:\\LocalMachine\\My | Select-Object Subject, NotAfter, Thumbprint, @{ Name = 'Template'; Expression = { $t = $_.Extensions | Where-Object { $_.Oid.Value -eq '${TEMPLATE_OID}' }; if ($t) { $t.Format($false) } } } | Format-List`,
      ),
    ],
  });
}

export const templateCertificateRule: Rule = eachResult(WINDOWS_CHECK_IDS.events, eventsDataSchema, ({ data, ctx, ev, found }) => {
  const hits = templateHits(data.groups, data.days);
  if (hits.length === 0) return null;
  const meaning = (g: EventGroup) => TEMPLATE_EVENTS[g.id]!;
  const severity = hits.map((g) => meaning(g).severity).reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a));
  const fromTemplate = hits.some((g) => meaning(g).template);
  const what = hits.map((g) => meaning(g).plain(g));
  return found(rdpTemplateCertificate, {
    severity,
    vars: {
      days: data.days,
      what: what.length > 1 ? `${what.slice(0, -1).join('; ')}; and ${what[what.length - 1]}` : what[0],
      next: fromTemplate ? 'How that certificate is issued is set up by IT: export the report and send it to them.' : 'Export the report and send it to IT.',
      events: hits.map(eventGroupText).join('; '),
      meanings: hits.map((g) => meaning(g).detail).join(' '),
      ids: hits.map((g) => g.id).join(', '),
    },
    evidence: hits.map((g) => ev(`Event ${g.id}`, eventGroupText(g))),
    fixes: [fromTemplate ? reviewCertificateTemplate(ctx) : null, hits.some((g) => g.id === 1065) ? renewCertificate(ctx) : null, checkServerEvents(ctx)],
  });
});
