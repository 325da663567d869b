// assay HTML report filters. Inlined by src/reports/html.ts. Only hides and shows what the page
// already holds: without this script the whole report is visible.
(() => {
  const nav = document.getElementById('filters');
  if (!nav) return;
  nav.hidden = false;

  const framework = nav.querySelector('select[name="framework"]');
  const search = nav.querySelector('input[name="q"]');
  const count = document.getElementById('filter-count');
  const controls = Array.from(document.querySelectorAll('[data-control]'));
  const findings = Array.from(document.querySelectorAll('[data-finding]'));
  const frameworkBlocks = Array.from(document.querySelectorAll('section.framework, .card'));
  const manualGroups = Array.from(document.querySelectorAll('[data-manual-group]'));

  const checked = (name) =>
    new Set(Array.from(nav.querySelectorAll(`input[name="${name}"]:checked`)).map((box) => box.value));
  const matchesText = (el, q) => q === '' || el.textContent.toLowerCase().includes(q);

  function apply() {
    const fw = framework.value;
    const statuses = checked('status');
    const severities = checked('severity');
    const q = search.value.trim().toLowerCase();

    for (const block of frameworkBlocks) block.hidden = fw !== '' && block.dataset.framework !== fw;

    let shownControls = 0;
    for (const el of controls) {
      const show = (fw === '' || el.dataset.framework === fw) && statuses.has(el.dataset.status) && matchesText(el, q);
      el.hidden = !show;
      if (show) shownControls++;
    }
    for (const group of manualGroups) {
      group.hidden = !group.querySelector('[data-control]:not([hidden])');
      // A search that hits a manual control should show it, not leave it in a closed group.
      if (!group.hidden && q !== '') group.open = true;
    }

    let shownFindings = 0;
    for (const row of findings) {
      const show =
        (fw === '' || row.dataset.frameworks.includes(` ${fw} `)) &&
        severities.has(row.dataset.severity) &&
        matchesText(row, q);
      row.hidden = !show;
      if (show) shownFindings++;
    }
    count.textContent = `Showing ${shownControls} of ${controls.length} controls, ${shownFindings} of ${findings.length} findings`;
    saveToHash(fw, statuses, severities, q);
  }

  // Filter state lives in the URL hash, so a filtered view can be bookmarked or shared as a link.
  function saveToHash(fw, statuses, severities, q) {
    const params = new URLSearchParams();
    if (fw) params.set('framework', fw);
    if (statuses.size < nav.querySelectorAll('input[name="status"]').length)
      params.set('status', [...statuses].join(','));
    if (severities.size < nav.querySelectorAll('input[name="severity"]').length)
      params.set('severity', [...severities].join(','));
    if (q) params.set('q', q);
    const hash = params.toString();
    if (hash !== location.hash.slice(1) && (hash || location.hash.includes('='))) {
      history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
    }
  }

  function loadFromHash() {
    const text = location.hash.slice(1);
    if (!text.includes('=')) return; // a plain anchor such as #fw-soc2
    const params = new URLSearchParams(text);
    if (params.has('framework')) framework.value = params.get('framework');
    for (const name of ['status', 'severity']) {
      if (!params.has(name)) continue;
      const wanted = new Set(params.get(name).split(','));
      for (const box of nav.querySelectorAll(`input[name="${name}"]`)) box.checked = wanted.has(box.value);
    }
    if (params.has('q')) search.value = params.get('q');
  }

  // Printing shows every control's evidence; the open/closed state is restored afterwards.
  let closedBeforePrint = [];
  window.addEventListener('beforeprint', () => {
    closedBeforePrint = Array.from(document.querySelectorAll('details:not([open])'));
    for (const d of closedBeforePrint) d.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const d of closedBeforePrint) d.open = false;
    closedBeforePrint = [];
  });

  nav.addEventListener('input', apply);
  nav.addEventListener('change', apply);
  loadFromHash();
  apply();
})();
