// The map's files (boundaries, centres) as JSON, fetched by URL. The frame's header starts
// fetching its first rerun's files while Leaflet loads (maps._Prefetch writes this file and
// its taghtia_prefetch calls there, before the runtime's script); the runtime takes such
// a file as soon as the script that asks for it has run, when it has arrived by then (the
// map is drawn for the frame's first paint, not a frame later), else when it arrives.

// A file's JSON (a promise; "map data: HTTP <status>" when the server says no).
function taghtia_fetch(url) {
    return fetch(url).then(function (r) {
        if (!r.ok) { throw new Error("map data: HTTP " + r.status); }
        return r.json();
    });
}
// Start fetching ``url`` now, for the taghtia_file call that will ask for it.
function taghtia_prefetch(url) {
    var files = window.taghtiaFiles = window.taghtiaFiles || {};
    var file = files[url] = taghtia_fetch(url);
    file.then(function (doc) { file.doc = doc; }, function () {});
}
// ``fn(doc)`` with the JSON of ``url``: when it was prefetched and has arrived, once the
// running script has ended (a microtask: after the rest of the map's script, such as its
// fitting to the territory, and before the next frame is painted), else once it arrives.
// A prefetched file is taken once (a later rerun fetches it again, from the browser's
// cache): the page does not keep every file it was sent.
function taghtia_file(url, fn) {
    var files = window.taghtiaFiles || {}, early = files[url];
    delete files[url];
    if (early && early.doc) {
        Promise.resolve(early.doc).then(fn);
        return;
    }
    (early || taghtia_fetch(url)).then(fn);
}
