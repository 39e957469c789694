// Live updates: one server-sent events connection per page (/live), no polling.
// Rows and figures are updated in place; a job page fetches its details again when its job changes,
// at most once a second, and leaves alone a part the reader is typing in.
(() => {
  'use strict';
  const topics = document.body.dataset.live;
  if (!topics) return;
  const status = document.getElementById('live-status');
  const say = text => { if (status) status.textContent = text; };

  const source = new EventSource('/live?topics=' + encodeURIComponent(topics));
  source.addEventListener('ready', () => say('live'));
  source.addEventListener('error', () => say(source.readyState === EventSource.CLOSED ? 'not live: reload the page' : 'reconnecting…'));
  source.addEventListener('job', e => onJob(JSON.parse(e.data)));
  source.addEventListener('cluster', e => onCluster(JSON.parse(e.data)));

  function setText(root, cell, text) {
    const el = root.querySelector('[data-cell="' + cell + '"]');
    if (el && el.textContent !== text) el.textContent = text;
  }

  function setBar(root, done, total) {
    const bar = root.querySelector('[role="progressbar"]');
    if (!bar) return;
    bar.setAttribute('aria-valuenow', done);
    bar.setAttribute('aria-valuemax', total);
    bar.firstElementChild.style.width = (total > 0 ? Math.min(100, 100 * done / total) : 0).toFixed(1) + '%';
  }

  function setState(root, job) {
    const el = root.querySelector('[data-cell="state"]');
    if (!el) return;
    el.textContent = job.stateWords;
    el.className = 'state ' + job.stateClass;
  }

  function onJob(job) {
    const row = document.querySelector('#jobs tr[data-job-id="' + job.jobId + '"]');
    if (row) {
      setState(row, job);
      setBar(row, job.framesDone, job.totalFrames);
      setText(row, 'frames', job.framesDone + ' / ' + job.totalFrames);
    } else if (document.getElementById('jobs')) {
      const notice = document.getElementById('new-jobs');
      if (notice) { notice.querySelector('a').href = location.href; notice.hidden = false; }
    }
    const details = document.querySelector('#job-details[data-job-id="' + job.jobId + '"]');
    if (details) {
      setState(details, job);
      setBar(details, job.framesDone, job.totalFrames);
      setText(details, 'frames', job.framesDone + ' / ' + job.totalFrames);
      refreshDetails(details);
    }
  }

  let fetching = false, again = false, last = 0;
  async function refreshDetails(details) {
    if (fetching) { again = true; return; }
    fetching = true;
    const wait = Math.max(0, last + 1000 - Date.now());
    if (wait > 0) await new Promise(r => setTimeout(r, wait));
    try {
      again = false;
      last = Date.now();
      const response = await fetch(details.dataset.details, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
      if (response.ok) swap(details, new DOMParser().parseFromString(await response.text(), 'text/html'));
      else if (response.status === 401) say('signed out: sign in again');
    } catch (e) {
      say('reconnecting…');
    } finally {
      fetching = false;
      if (again) refreshDetails(details);
    }
  }

  // Parts with an id are swapped one by one, except the one holding the reader's focus.
  function swap(details, fresh) {
    for (const part of fresh.body.querySelectorAll('[data-part]')) {
      const current = details.querySelector('[data-part="' + part.dataset.part + '"]');
      if (!current) { details.appendChild(part); continue; }
      if (current.contains(document.activeElement) && document.activeElement !== document.body) continue;
      if (current.innerHTML !== part.innerHTML) current.replaceWith(part);
    }
    details.dataset.updated = String(Date.now());
  }

  function onCluster(c) {
    const figures = {
      nodes: c.nodesActive + ' of ' + c.nodesTotal,
      slots: c.slotsBusy + ' of ' + c.slots,
      queued: String(c.queued),
      fps: c.framesPerSecond == null ? '–' : c.framesPerSecond.toFixed(1),
      cost: c.hourlyCost.toFixed(2) + ' ' + c.currency,
      paused: c.paused ? 'paused' : 'on',
    };
    for (const [name, text] of Object.entries(figures)) {
      const el = document.querySelector('[data-figure="' + name + '"]');
      if (el && el.textContent !== text) el.textContent = text;
    }
    for (const node of c.nodes) {
      const row = document.querySelector('#nodes tr[data-node="' + CSS.escape(node.nodeId) + '"]');
      if (!row) continue;
      setText(row, 'state', node.state.toLowerCase());
      setText(row, 'running', String(node.running));
      setText(row, 'cpu', node.cpuShare == null ? '–' : Math.round(node.cpuShare * 100) + '%');
      setText(row, 'memory', node.memoryShare == null ? '–' : Math.round(node.memoryShare * 100) + '%');
    }
    const details = document.getElementById('job-details');
    if (details) {
      const job = c.jobs.find(j => j.jobId === details.dataset.jobId);
      if (job) setText(details, 'eta', job.etaSeconds == null ? 'unknown yet' : duration(job.etaSeconds));
    }
  }

  function duration(seconds) {
    if (seconds < 60) return Math.round(seconds) + ' s';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ' + Math.round(seconds % 60) + ' s';
    return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
  }
})();
