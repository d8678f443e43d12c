/*
 * WARD OPS live updates for the console: one connection to the devices feed
 * (/api/v1/ws/devices, authenticated by the console's session cookie, scoped to the user's
 * regions by the server) and what the pages draw from it.
 *
 * Protocol (docs/api.md, "Live feed"): a snapshot {type, seq, devices}, then deltas
 * {type, seq, changes}; heartbeats carry no seq. A delta whose seq is not the previous seq + 1
 * means something was missed: the client asks {"type":"resync"} and ignores deltas until the
 * fresh snapshot arrives. A dropped connection is reopened with backoff and starts again with
 * a snapshot.
 *
 * Everything a device or user named is put into the page with textContent, never as markup.
 *
 * A page never calls this script inline (the Content-Security-Policy allows no inline script of
 * ours): it names its live views in the template's #live-config (data-live-view="dashboard",
 * "badges", "alerts", "events"), and they start when the document is ready.
 */
(function () {
    'use strict';

    // Read when first needed: this script loads in the head, the template's #live-config comes later.
    var contextPath = null;
    var timeFormat = null;

    function configure() {
        if (contextPath !== null) {
            return;
        }
        var config = document.getElementById('live-config');
        contextPath = config ? config.getAttribute('data-context-path') || '' : '';
        timeFormat = new Intl.DateTimeFormat('sv-SE', {
            timeZone: config ? config.getAttribute('data-time-zone') || 'UTC' : 'UTC',
            year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false
        });
    }

    var devices = new Map();
    var listeners = [];
    var socket = null;
    var lastSeq = null;
    var awaitingSnapshot = true;
    var backoff = 1000;
    var stopped = false;
    var lastMessageAt = 0;
    /** The server sends at least a heartbeat every wardops.feed.heartbeat-seconds (30): this long silent, the connection is dead. */
    var SILENCE_MILLIS = 120000;

    /** What a test or an operator's console can look at: window.WardopsLive.state. */
    var state = {connected: false, snapshots: 0, deltas: 0, resyncs: 0, seq: null, closedBecause: null,
        alertsConnected: false, alertRefreshes: 0, eventsConnected: false, eventRefreshes: 0};

    /** An ISO instant (UTC, as the server sends it) in the bank's time zone, as the server-rendered pages show it. */
    function formatTime(iso) {
        if (!iso) {
            return '';
        }
        configure();
        var d = new Date(iso);
        return isNaN(d.getTime()) ? '' : timeFormat.format(d).replace('T', ' ');
    }

    /** up, down, unknown or disabled: the console's status names (CSS classes status-*). */
    function statusOf(device) {
        if (!device.enabled) {
            return 'disabled';
        }
        return (device.status || 'UNKNOWN').toLowerCase();
    }

    function notify(kind, changes) {
        listeners.forEach(function (fn) {
            try {
                fn(kind, devices, changes);
            } catch (e) {
                if (window.console) {
                    console.error('live view failed', e);
                }
            }
        });
    }

    function setIndicator(text, cls) {
        var el = document.getElementById('live-indicator');
        if (el) {
            el.textContent = text;
            el.className = 'live-indicator ' + cls;
        }
    }

    function resync() {
        awaitingSnapshot = true;
        state.resyncs++;
        if (socket && socket.readyState === WebSocket.OPEN) {
            socket.send('{"type":"resync"}');
        }
    }

    function onMessage(event) {
        lastMessageAt = Date.now();
        var m;
        try {
            m = JSON.parse(event.data);
        } catch (e) {
            return;
        }
        if (m.type === 'snapshot') {
            devices = new Map();
            (m.devices || []).forEach(function (d) {
                devices.set(d.id, d);
            });
            lastSeq = m.seq;
            state.seq = m.seq;
            awaitingSnapshot = false;
            state.snapshots++;
            notify('snapshot', []);
        } else if (m.type === 'delta') {
            if (awaitingSnapshot) {
                return;
            }
            if (lastSeq === null || m.seq !== lastSeq + 1) {
                resync();
                return;
            }
            lastSeq = m.seq;
            state.seq = m.seq;
            state.deltas++;
            var applied = [];
            (m.changes || []).forEach(function (c) {
                var d = devices.get(c.deviceId);
                if (!d) {
                    // A device this copy does not know yet (added since the snapshot): fetch it all again.
                    resync();
                    return;
                }
                applied.push({deviceId: c.deviceId, from: d.status, to: c.status, at: c.since, rttMs: c.rttMs});
                d.status = c.status;
                d.since = c.since;
                d.rttMs = c.rttMs;
                d.lossPercent = c.lossPercent;
            });
            notify('delta', applied);
        }
        // heartbeat: nothing to do, it only proves the connection.
    }

    function feedUrl(path) {
        return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + contextPath + path;
    }

    function connect() {
        if (stopped || !('WebSocket' in window)) {
            return;
        }
        setIndicator('connecting', 'live-connecting');
        socket = new WebSocket(feedUrl('/api/v1/ws/devices'));
        socket.onopen = function () {
            lastMessageAt = Date.now();
            state.connected = true;
            backoff = 1000;
            awaitingSnapshot = true;
            setIndicator('live', 'live-on');
        };
        socket.onmessage = onMessage;
        socket.onclose = function (event) {
            state.connected = false;
            state.closedBecause = event.code + ' ' + (event.reason || '');
            socket = null;
            if (event.code === 1008) {
                // The server ended the feed for policy: the console session is over. Log in again.
                stopped = true;
                setIndicator('logged out: reload to log in', 'live-off');
                return;
            }
            setIndicator('reconnecting', 'live-off');
            setTimeout(connect, backoff);
            backoff = Math.min(backoff * 2, 30000);
        };
    }

    /** Calls fn(kind, devices, changes) on every snapshot ('snapshot') and delta ('delta'); the first call connects. */
    function subscribe(fn) {
        configure();
        listeners.push(fn);
        if (listeners.length === 1) {
            connect();
            // A connection that went silent (a proxy dropped it without a close) is closed, which reconnects it.
            setInterval(function () {
                if (socket && state.connected && Date.now() - lastMessageAt > SILENCE_MILLIS) {
                    socket.close();
                }
            }, 15000);
        }
    }

    function el(tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) {
            e.className = cls;
        }
        if (text !== undefined && text !== null) {
            e.textContent = String(text);
        }
        return e;
    }

    function badge(status) {
        return el('span', 'badge status-' + status, status);
    }

    // ---- badges on any page: device list rows, the device page ------------------------------

    /** Elements with data-live-device="id" show that device's status; data-live-since / data-live-rtt its details. */
    function liveBadges() {
        subscribe(function () {
            document.querySelectorAll('[data-live-device]').forEach(function (e) {
                var d = devices.get(Number(e.getAttribute('data-live-device')));
                if (d) {
                    var s = statusOf(d);
                    e.textContent = s;
                    e.className = 'badge status-' + s;
                }
            });
            document.querySelectorAll('[data-live-since]').forEach(function (e) {
                var d = devices.get(Number(e.getAttribute('data-live-since')));
                if (d) {
                    e.textContent = d.enabled ? formatTime(d.since) : '';
                }
            });
            document.querySelectorAll('[data-live-rtt]').forEach(function (e) {
                var d = devices.get(Number(e.getAttribute('data-live-rtt')));
                if (d) {
                    e.textContent = d.rttMs === undefined || d.rttMs === null ? '–' : d.rttMs.toFixed(2) + ' ms';
                }
            });
        });
    }

    // ---- the dashboard ----------------------------------------------------------------------

    var RANK = {down: 0, unknown: 1, up: 2, disabled: 3};
    var RECENT = 20;

    function count(list) {
        var c = {total: 0, up: 0, down: 0, unknown: 0, disabled: 0};
        list.forEach(function (d) {
            c.total++;
            c[statusOf(d)]++;
        });
        return c;
    }

    function worst(c) {
        return c.down ? 'down' : c.unknown ? 'unknown' : c.up ? 'up' : 'disabled';
    }

    function groups(key, name) {
        var by = new Map();
        devices.forEach(function (d) {
            var k = d[key];
            if (!by.has(k)) {
                by.set(k, {id: k, name: d[name], list: []});
            }
            by.get(k).list.push(d);
        });
        var out = [];
        by.forEach(function (g) {
            g.counts = count(g.list);
            g.status = worst(g.counts);
            out.push(g);
        });
        out.sort(function (a, b) {
            return RANK[a.status] - RANK[b.status] || b.counts.down - a.counts.down
                || b.counts.unknown - a.counts.unknown || String(a.name).localeCompare(String(b.name));
        });
        return out;
    }

    function tiles(container, list, param) {
        var fragment = document.createDocumentFragment();
        list.forEach(function (g) {
            var a = el('a', 'tile tile-' + g.status);
            a.href = contextPath + '/console/devices.xhtml?' + param + '=' + encodeURIComponent(g.id);
            a.setAttribute('data-' + param, g.id);
            a.setAttribute('data-status', g.status);
            a.appendChild(el('span', 'tile-name', g.name));
            var parts = [];
            ['down', 'unknown', 'up', 'disabled'].forEach(function (s) {
                if (g.counts[s]) {
                    parts.push(g.counts[s] + ' ' + s);
                }
            });
            a.appendChild(el('span', 'tile-counts', parts.join(' · ')));
            a.title = g.name + ': ' + g.counts.total + ' devices';
            fragment.appendChild(a);
        });
        container.replaceChildren(fragment);
    }

    function changeItem(c) {
        var d = devices.get(c.deviceId);
        var li = el('li', 'change change-' + String(c.to).toLowerCase());
        li.setAttribute('data-device', c.deviceId);
        li.appendChild(el('time', 'change-time', formatTime(c.at)));
        var link = el('a', 'change-device', d ? d.name : '#' + c.deviceId);
        link.href = contextPath + '/console/device.xhtml?id=' + encodeURIComponent(c.deviceId);
        li.appendChild(link);
        li.appendChild(badge(String(c.to).toLowerCase()));
        li.appendChild(el('span', 'change-from muted', c.from ? 'was ' + String(c.from).toLowerCase() : ''));
        if (d) {
            li.appendChild(el('span', 'change-where muted', d.branchName + ', ' + d.regionName));
        }
        return li;
    }

    function dashboard() {
        var recent = [];
        var recentLoaded = false;
        var pending = false;

        function drawRecent() {
            var list = document.getElementById('recent-changes');
            if (!list) {
                return;
            }
            var fragment = document.createDocumentFragment();
            recent.forEach(function (c) {
                fragment.appendChild(changeItem(c));
            });
            list.replaceChildren(fragment);
            var empty = document.getElementById('recent-empty');
            if (empty) {
                empty.style.display = recent.length ? 'none' : '';
            }
        }

        function draw() {
            pending = false;
            var all = [];
            devices.forEach(function (d) {
                all.push(d);
            });
            var c = count(all);
            ['total', 'up', 'down', 'unknown', 'disabled'].forEach(function (k) {
                var e = document.getElementById('stat-' + k);
                if (e) {
                    e.textContent = c[k];
                }
            });
            var regions = document.getElementById('region-grid');
            if (regions) {
                tiles(regions, groups('regionId', 'regionName'), 'region');
            }
            var branches = document.getElementById('branch-grid');
            if (branches) {
                tiles(branches, groups('branchId', 'branchName'), 'branch');
            }
            drawRecent();
        }

        function loadRecent() {
            fetch(contextPath + '/api/v1/state-changes?limit=' + RECENT, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
                .then(function (r) {
                    return r.ok ? r.json() : [];
                })
                .then(function (list) {
                    // Changes that arrived live while this was loading are newer: keep them first.
                    var seen = new Set(recent.map(function (c) {
                        return c.deviceId + '@' + c.at;
                    }));
                    list.forEach(function (c) {
                        if (!seen.has(c.deviceId + '@' + c.at)) {
                            recent.push(c);
                        }
                    });
                    recent = recent.slice(0, RECENT);
                    drawRecent();
                })
                .catch(function () {
                    // The live list still fills from the feed.
                });
        }

        subscribe(function (kind, all, changes) {
            if (kind === 'delta') {
                for (var i = changes.length - 1; i >= 0; i--) {
                    recent.unshift(changes[i]);
                }
                recent = recent.slice(0, RECENT);
            }
            if (!recentLoaded) {
                recentLoaded = true;
                loadRecent();
            }
            if (!pending) {
                pending = true;
                // Many deltas in a burst cost one redraw.
                setTimeout(draw, 50);
            }
        });
    }

    // ---- the alerts page ----------------------------------------------------------------------

    /**
     * A table kept current by a feed: any delta on {@code path} calls the page's p:remoteCommand
     * {@code command} (coalesced: one refresh per {@code delay} ms at most). {@code flag} names the
     * state field that says whether the feed is connected (for the browser test).
     */
    function feedTable(path, command, delay, flag, counter) {
        configure();
        var pending = null;

        function refresh() {
            pending = null;
            state[counter]++;
            if (typeof window[command] === 'function') {
                window[command]();
            }
        }

        function connect() {
            var ws = new WebSocket(feedUrl(path));
            ws.onopen = function () {
                state[flag] = true;
            };
            ws.onmessage = function (e) {
                var m;
                try {
                    m = JSON.parse(e.data);
                } catch (x) {
                    return;
                }
                if (m.type === 'delta' && pending === null) {
                    pending = setTimeout(refresh, delay);
                }
            };
            ws.onclose = function (event) {
                state[flag] = false;
                // 1008: the console session is over; a reload logs in again.
                if (event.code !== 1008) {
                    setTimeout(connect, 5000);
                }
            };
        }
        connect();
    }

    /** Any change on /api/v1/ws/alerts refreshes the alerts table through the page's p:remoteCommand refreshAlerts. */
    function alertsTable() {
        feedTable('/api/v1/ws/alerts', 'refreshAlerts', 300, 'alertsConnected', 'alertRefreshes');
    }

    // ---- the events page ----------------------------------------------------------------------

    /**
     * Any event stored (a delta on /api/v1/ws/events) refreshes the events table through the page's
     * p:remoteCommand refreshEvents, at most once a second: a storm does not reload the table per event.
     */
    function eventsTable() {
        feedTable('/api/v1/ws/events', 'refreshEvents', 1000, 'eventsConnected', 'eventRefreshes');
    }

    var VIEWS = {dashboard: dashboard, badges: liveBadges, alerts: alertsTable, events: eventsTable};

    /** Starts the live views the page names in #live-config's data-live-view. */
    function startNamedViews() {
        var config = document.getElementById('live-config');
        (config ? config.getAttribute('data-live-view') || '' : '').split(/\s+/).forEach(function (name) {
            if (Object.prototype.hasOwnProperty.call(VIEWS, name)) {
                VIEWS[name]();
            }
        });
    }

    function whenReady(fn) {
        return function () {
            if (document.readyState === 'loading') {
                document.addEventListener('DOMContentLoaded', fn);
            } else {
                fn();
            }
        };
    }

    window.WardopsLive = {
        state: state,
        devices: function () {
            return devices;
        },
        formatTime: formatTime,
        subscribe: subscribe,
        resync: resync,
        /** Handles one message as if the server had sent it (how the browser test makes a seq gap). */
        receive: function (text) {
            onMessage({data: text});
        }
    };

    whenReady(startNamedViews)();
})();
