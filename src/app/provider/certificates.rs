//! Step 3: the certificates the provider holds, each checked live, and what they mean for
//! the questionnaire.

use std::collections::BTreeSet;

use croqual::assessment::{Certificate, CertificateScheme, HdsActivity};
use croqual::provider::Section;
use jiff::ToSpan;
use leptos::prelude::*;

use super::editor::Editing;
use crate::app::browser;
use crate::app::widgets::typed;

const SCHEMES: [(&str, &str); 10] = [
    ("iso27001_2022", "ISO/IEC 27001:2022"),
    ("iso27001_2013", "ISO/IEC 27001:2013"),
    ("hds", "HDS (France, health-data hosting)"),
    ("soc2_type2", "SOC 2 Type II report"),
    ("iso27701", "ISO/IEC 27701"),
    ("iso27017", "ISO/IEC 27017"),
    ("iso27018", "ISO/IEC 27018"),
    ("hitrust", "HITRUST CSF"),
    ("cyber_essentials", "Cyber Essentials"),
    ("other", "Other"),
];

fn scheme_key(scheme: &CertificateScheme) -> &'static str {
    match scheme {
        CertificateScheme::Iso27001v2022 => "iso27001_2022",
        CertificateScheme::Iso27001v2013 => "iso27001_2013",
        CertificateScheme::Hds { .. } => "hds",
        CertificateScheme::Soc2Type2 { .. } => "soc2_type2",
        CertificateScheme::Iso27701 => "iso27701",
        CertificateScheme::Iso27017 => "iso27017",
        CertificateScheme::Iso27018 => "iso27018",
        CertificateScheme::Hitrust => "hitrust",
        CertificateScheme::CyberEssentials => "cyber_essentials",
        CertificateScheme::Other { .. } => "other",
    }
}

fn scheme_from_key(key: &str, today: jiff::civil::Date) -> CertificateScheme {
    match key {
        "iso27001_2013" => CertificateScheme::Iso27001v2013,
        "hds" => CertificateScheme::Hds {
            activities: BTreeSet::new(),
        },
        "soc2_type2" => CertificateScheme::Soc2Type2 {
            period_start: today.checked_sub(12.months()).unwrap_or(today),
            period_end: today,
        },
        "iso27701" => CertificateScheme::Iso27701,
        "iso27017" => CertificateScheme::Iso27017,
        "iso27018" => CertificateScheme::Iso27018,
        "hitrust" => CertificateScheme::Hitrust,
        "cyber_essentials" => CertificateScheme::CyberEssentials,
        "other" => CertificateScheme::Other {
            name: String::new(),
        },
        _ => CertificateScheme::Iso27001v2022,
    }
}

/// The certificate records, their checks, and the assessment path they give.
#[component]
pub fn CertificatesStep() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let today = browser::today();
    let count = Memo::new(move |_| editing.record.with(|r| r.certificates.len()));
    let add = move |_| {
        editing.edit(Some(Section::Certificates), |r| {
            r.certificates.push(Certificate {
                scheme: CertificateScheme::Iso27001v2022,
                number: String::new(),
                issuer: String::new(),
                accreditation_body: String::new(),
                scope: String::new(),
                // The person says so once they have read the scope.
                covers_service: false,
                issued_on: today,
                expires_on: today.checked_add(3.years()).ok(),
            });
        });
    };

    view! {
        <section class="step" data-testid="certificates-step">
            <h2>"Certificates"</h2>
            <p class="lead">
                "Valid, recognised certificates whose scope covers the service earn the reduced questionnaire; "
                "without them you answer the full, detailed one."
            </p>
            <PathBox/>
            <div class="certificates">
                <For
                    each=move || 0..count.get()
                    key=|index| *index
                    children=move |index| view! { <CertificateCard index=index/> }
                />
            </div>
            <button data-testid="add-certificate" on:click=add>"Add a certificate"</button>
        </section>
    }
}

/// The path the certificates give, and why.
#[component]
fn PathBox() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let path = Memo::new(move |_| editing.evaluation.with(|e| e.path.clone()));
    let hds = Memo::new(move |_| editing.evaluation.with(|e| e.hds.clone()));
    view! {
        <div class="path-box" data-testid="path">
            <strong data-testid="path-name">{move || path.with(|p| match p.path {
                croqual::assessment::Path::Reduced => "Reduced questionnaire",
                croqual::assessment::Path::Full => "Full questionnaire",
            })}</strong>
            <ul>{move || path.with(|p| p.reasons.iter().map(|r| view! { <li>{r.to_string()}</li> }).collect_view())}</ul>
            <Show when=move || !hds.with(|h| h.required.is_empty())>
                <p class:bad=move || !hds.with(|h| h.is_satisfied()) data-testid="hds-status">
                    {move || hds.with(|h| if h.is_satisfied() {
                        "HDS: every required hosting activity is covered.".to_owned()
                    } else {
                        format!("HDS required but not covered for: {}. Without it the outcome is rejected.",
                            h.missing.iter().map(|a| format!("{}. {a}", a.number())).collect::<Vec<_>>().join(", "))
                    })}
                </p>
            </Show>
        </div>
    }
}

// The dates a certificate cannot do without, read as the date fields take them.

fn issued_on(certificate: &Certificate) -> Option<jiff::civil::Date> {
    Some(certificate.issued_on)
}

fn period_start(certificate: &Certificate) -> Option<jiff::civil::Date> {
    match certificate.scheme {
        CertificateScheme::Soc2Type2 { period_start, .. } => Some(period_start),
        _ => None,
    }
}

fn period_end(certificate: &Certificate) -> Option<jiff::civil::Date> {
    match certificate.scheme {
        CertificateScheme::Soc2Type2 { period_end, .. } => Some(period_end),
        _ => None,
    }
}

/// One certificate record and its live check.
#[component]
fn CertificateCard(
    /// Its position in the record's list.
    index: usize,
) -> impl IntoView {
    let editing = expect_context::<Editing>();
    let today = browser::today();
    let certificate =
        Memo::new(move |_| editing.record.with(|r| r.certificates.get(index).cloned()));
    let check = Memo::new(move |_| {
        editing
            .evaluation
            .with(|e| e.certificates.get(index).cloned())
    });
    let change = move |apply: Box<dyn FnOnce(&mut Certificate)>| {
        editing.edit(Some(Section::Certificates), |r| {
            if let Some(certificate) = r.certificates.get_mut(index) {
                apply(certificate);
            }
        });
    };
    let text = move |read: fn(&Certificate) -> String| {
        Signal::derive(move || certificate.with(|c| c.as_ref().map(read).unwrap_or_default()))
    };
    // A date the record cannot do without. While a part is typed Chrome reports the value as
    // empty: a note then says which date stands, and the typing is left alone; a field left
    // empty or partial shows the date kept again, so it never shows what is not stored.
    let (date_note, set_date_note) = signal(None::<String>);
    let kept_date = move |read: fn(&Certificate) -> Option<jiff::civil::Date>| {
        certificate
            .with_untracked(|c| c.as_ref().and_then(read))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let required_date =
        move |event: leptos::ev::Event,
              what: &'static str,
              read: fn(&Certificate) -> Option<jiff::civil::Date>,
              write: fn(&mut Certificate, jiff::civil::Date)| {
            match event_target_value(&event).parse::<jiff::civil::Date>() {
                Ok(date) => {
                    set_date_note.set(None);
                    change(Box::new(move |c| write(c, date)));
                }
                Err(_) => set_date_note.set(Some(format!(
                    "A certificate needs {what}: it stays {}. Enter the full date to change it.",
                    kept_date(read)
                ))),
            }
        };
    let leave_date =
        move |event: leptos::ev::FocusEvent,
              read: fn(&Certificate) -> Option<jiff::civil::Date>| {
            let input = event_target::<web_sys::HtmlInputElement>(&event);
            if input.value().parse::<jiff::civil::Date>().is_err() {
                input.set_value(&kept_date(read));
            }
        };
    let date_value = move |read: fn(&Certificate) -> Option<jiff::civil::Date>| {
        move || {
            certificate.with(|c| {
                c.as_ref()
                    .and_then(read)
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            })
        }
    };

    view! {
        <article class="certificate" data-testid="certificate">
            <header>
                <label class="field">
                    <span class="field-label">"Scheme"</span>
                    <select data-testid="certificate-scheme" on:change=move |event| {
                        let scheme = scheme_from_key(&event_target_value(&event), today);
                        change(Box::new(move |c| c.scheme = scheme));
                    }>
                        {SCHEMES.into_iter().map(|(key, label)| view! {
                            <option value=key selected=move || certificate.with(|c| c.as_ref().map(|c| scheme_key(&c.scheme)) == Some(key))>{label}</option>
                        }).collect_view()}
                    </select>
                </label>
                <span class="check" data-testid="certificate-check"
                    class:good=move || check.with(|c| c.as_ref().is_some_and(|c| c.counts))
                    class:bad=move || check.with(|c| c.as_ref().is_some_and(|c| !c.counts))>
                    {move || check.with(|c| match c {
                        Some(c) if c.counts => "Counts".to_owned(),
                        Some(c) => format!("Does not count: {}", c.findings.iter().map(|f| f.to_string()).collect::<Vec<_>>().join("; ")),
                        None => String::new(),
                    })}
                </span>
                <button class="link danger" data-testid="remove-certificate" on:click=move |_| {
                    editing.edit(Some(Section::Certificates), |r| { if index < r.certificates.len() { r.certificates.remove(index); } });
                }>"Remove"</button>
            </header>
            <div class="form-grid compact">
                <Show when=move || certificate.with(|c| matches!(c.as_ref().map(|c| &c.scheme), Some(CertificateScheme::Other { .. })))>
                    <label class="field"><span class="field-label">"Scheme name"</span>
                        <input prop:value=move || certificate.with(|c| match c.as_ref().map(|c| &c.scheme) { Some(CertificateScheme::Other { name }) => name.clone(), _ => String::new() })
                            on:input=move |event| { let name = typed(&event_target_value(&event)); change(Box::new(move |c| c.scheme = CertificateScheme::Other { name })); }/>
                    </label>
                </Show>
                <label class="field"><span class="field-label">"Number"</span>
                    <input data-testid="certificate-number" prop:value=text(|c| c.number.clone())
                        on:input=move |event| { let v = typed(&event_target_value(&event)); change(Box::new(move |c| c.number = v)); }/>
                </label>
                <label class="field"><span class="field-label">"Issuer (certification body or audit firm)"</span>
                    <input data-testid="certificate-issuer" prop:value=text(|c| c.issuer.clone())
                        on:input=move |event| { let v = typed(&event_target_value(&event)); change(Box::new(move |c| c.issuer = v)); }/>
                </label>
                <label class="field"><span class="field-label">"Accreditation body"</span>
                    <input prop:value=text(|c| c.accreditation_body.clone())
                        on:input=move |event| { let v = typed(&event_target_value(&event)); change(Box::new(move |c| c.accreditation_body = v)); }/>
                </label>
                <label class="field wide"><span class="field-label">"Scope, as the certificate states it"</span>
                    <input data-testid="certificate-scope" prop:value=text(|c| c.scope.clone())
                        on:input=move |event| { let v = typed(&event_target_value(&event)); change(Box::new(move |c| c.scope = v)); }/>
                </label>
                <label class="field"><span class="field-label">"Issued on"</span>
                    <input type="date" data-testid="certificate-issued" prop:value=date_value(issued_on)
                        on:change=move |event| required_date(event, "the date it was issued", issued_on, |c, date| c.issued_on = date)
                        on:blur=move |event| leave_date(event, issued_on)/>
                </label>
                <label class="field"><span class="field-label">"Expires on"</span>
                    <input type="date" data-testid="certificate-expires" prop:value=date_value(|c| c.expires_on)
                        on:change=move |event| { let date = event_target_value(&event).parse().ok(); change(Box::new(move |c| c.expires_on = date)); }/>
                </label>
                <Show when=move || certificate.with(|c| matches!(c.as_ref().map(|c| &c.scheme), Some(CertificateScheme::Soc2Type2 { .. })))>
                    <label class="field"><span class="field-label">"Period tested: from"</span>
                        <input type="date" prop:value=date_value(period_start)
                            on:change=move |event| required_date(event, "the start of the period tested", period_start, |c, date| if let CertificateScheme::Soc2Type2 { period_start, .. } = &mut c.scheme { *period_start = date; })
                            on:blur=move |event| leave_date(event, period_start)/>
                    </label>
                    <label class="field"><span class="field-label">"to"</span>
                        <input type="date" prop:value=date_value(period_end)
                            on:change=move |event| required_date(event, "the end of the period tested", period_end, |c, date| if let CertificateScheme::Soc2Type2 { period_end, .. } = &mut c.scheme { *period_end = date; })
                            on:blur=move |event| leave_date(event, period_end)/>
                    </label>
                </Show>
                <Show when=move || certificate.with(|c| matches!(c.as_ref().map(|c| &c.scheme), Some(CertificateScheme::Hds { .. })))>
                    <fieldset class="choices wide"><legend>"Hosting activities the certificate lists"</legend>
                        {HdsActivity::ALL.into_iter().map(|activity| view! {
                            <label class="choice">
                                <input type="checkbox"
                                    prop:checked=move || certificate.with(|c| matches!(c.as_ref().map(|c| &c.scheme), Some(CertificateScheme::Hds { activities }) if activities.contains(&activity)))
                                    on:change=move |event| {
                                        let checked = event_target_checked(&event);
                                        change(Box::new(move |c| if let CertificateScheme::Hds { activities } = &mut c.scheme {
                                            if checked { activities.insert(activity); } else { activities.remove(&activity); }
                                        }));
                                    }/>
                                <span>{format!("{}. {activity}", activity.number())}</span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                </Show>
                <Show when=move || date_note.get().is_some()>
                    <p class="inline-error wide" role="alert" data-testid="certificate-date-problem">{move || date_note.get()}</p>
                </Show>
                <label class="choice wide">
                    <input type="checkbox" data-testid="certificate-covers" prop:checked=move || certificate.with(|c| c.as_ref().is_some_and(|c| c.covers_service))
                        on:change=move |event| { let v = event_target_checked(&event); change(Box::new(move |c| c.covers_service = v)); }/>
                    <span>"Its scope covers the service offered to this sponsor"</span>
                </label>
            </div>
        </article>
    }
}
