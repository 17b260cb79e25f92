// Taghtia's map runtime: loaded once per page as a static file (js/taghtia.js under the
// app's static folder, cached by the browser): a rerun sends only calls with its values.
// Text always goes in through textContent, never parsed as HTML.

// Units and centres are drawn on one canvas per map (Leaflet's canvas renderer: one bitmap
// instead of an SVG path per unit, hit-tested by Leaflet for hover, tooltips and clicks, the
// centres drawn later and so on top). The context outlines have their own canvas under it.
var taghtia_registry = {units: [], centres: []};

// In the app the map's frame stays between reruns: its own script (the map, this runtime)
// never changes, and each rerun's layers, legend and controls arrive as one script that
// first calls taghtia_rerun, which takes away everything the previous rerun's script put
// on the map (layers, controls, listeners, observers), then records what this one puts.
// A stand-alone file runs one rerun's script only.
function taghtia_rerun(map) {
    var last = map.taghtiaRerun;
    if (last) {
        last.gone = true;
        last.handlers.forEach(function (h) { map.off(h[0], h[1]); });
        last.listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2], l[3]); });
        last.observers.forEach(function (o) { o.disconnect(); });
        last.controls.forEach(function (c) { c.remove(); });
        map.eachLayer(function (layer) { map.removeLayer(layer); });
        delete map.taghtiaCanvas;
        ["units", "centres"].forEach(function (kind) {
            taghtia_registry[kind] = taghtia_registry[kind].filter(function (layer) {
                return !!layer._map;
            });
        });
    }
    map.taghtiaRerun = {gone: false, handlers: [], listeners: [], observers: [],
                        controls: []};
    return map.taghtiaRerun;
}
function taghtia_on(map, names, fn) {  // a map listener taken away with its rerun
    map.on(names, fn);
    if (map.taghtiaRerun) { map.taghtiaRerun.handlers.push([names, fn]); }
}
function taghtia_listen(map, target, name, fn, options) {  // a DOM listener, likewise
    target.addEventListener(name, fn, options);
    if (map.taghtiaRerun) { map.taghtiaRerun.listeners.push([target, name, fn, options]); }
}
function taghtia_control(map, control) {  // a control added to the map, likewise
    control.addTo(map);
    if (map.taghtiaRerun) { map.taghtiaRerun.controls.push(control); }
    return control;
}
function taghtia_pane(map, name, z) {  // a pane made once per frame
    var pane = map.getPane(name) || map.createPane(name);
    pane.style.zIndex = z;
    return pane;
}
// Leaflet's canvas renderer, counting the redraws it has done: a layer is on the canvas once
// a redraw has followed its last change (added, restyled, moved), whatever is pending for
// layers changed since (the centres drawn after the units).
// The units are filled class by class (the colour set once per class, no stroke per unit),
// each traced from its layer's arcs already in pixels (taghtia_trace_unit), and their
// borders stroked as one path of arcs (taghtia_stroke_arcs: a border between two
// units stroked once, not once per neighbour); a unit whose style changed (the one under
// the pointer) and the centres are drawn after them one by one, as Leaflet draws any layer.
// Each unit keeps a fill of its own: one path per colour, tried, rasterised 3x slower in
// Chromium's canvas (docs/performance.md). Hit-testing stays Leaflet's: on a move or a
// click only, the units' bounds then their polygons, made in pixels for the units whose
// bounds hold the pointer (TaghtiaUnit).
var TaghtiaCanvas = L.Canvas.extend({
    _requestRedraw: function (layer) {
        layer._taghtiaChange = this._taghtiaRedraws || 0;
        L.Canvas.prototype._requestRedraw.call(this, layer);
    },
    _redraw: function () {
        L.Canvas.prototype._redraw.call(this);
        this._taghtiaRedraws = (this._taghtiaRedraws || 0) + 1;
    },
    _draw: function () {
        var bounds = this._redrawBounds, ctx = this._ctx, batches = {}, colours = [];
        var strokes = [], rest = [];
        ctx.save();
        if (bounds) {
            var size = bounds.getSize();
            ctx.beginPath();
            ctx.rect(bounds.min.x, bounds.min.y, size.x, size.y);
            ctx.clip();
        }
        this._drawing = true;
        function batch(units, u, options) {  // unit ``u`` of ``units`` filled in its class
            var key = options.fillColor + " " + options.fillOpacity;
            if (!batches[key]) { batches[key] = []; colours.push(key); }
            batches[key].push(units, u, options);
            if (strokes.indexOf(units) < 0) { strokes.push(units); }
        }
        var waiting = this._taghtiaWaiting || [];  // units drawn before their layers exist
        for (var w = 0; w < waiting.length; w++) {
            if (!waiting[w]._map) { continue; }
            var styles = waiting[w].taghtiaStyles;
            for (var u = 0; u < styles.length; u++) {
                // all of them on a full redraw (what falls outside the canvas is clipped)
                if (styles[u] && (!bounds || taghtia_waiting_unit_meets(waiting[w], u, bounds))) {
                    batch(waiting[w], u, styles[u]);
                }
            }
        }
        for (var order = this._drawFirst; order; order = order.next) {
            var layer = order.layer;
            if (bounds && !(layer._pxBounds && layer._pxBounds.intersects(bounds))) {
                continue;
            }
            if (layer.taghtiaBatch && !layer.taghtiaHover) {  // a unit of a units layer
                if (taghtia_unit_shown(layer)) {
                    batch(layer.taghtiaBatch, layer._taghtiaIndex, layer.options);
                }
            } else {
                rest.push(layer);
            }
        }
        for (var c = 0; c < colours.length; c++) {  // a class's colour set once
            var shapes = batches[colours[c]];
            ctx.globalAlpha = shapes[2].fillOpacity;
            ctx.fillStyle = shapes[2].fillColor;
            for (var i = 0; i < shapes.length; i += 3) {  // one fill per unit: see above
                ctx.beginPath();
                taghtia_trace_unit(ctx, shapes[i], shapes[i + 1]);
                ctx.fill("evenodd");
            }
        }
        for (var s = 0; s < strokes.length; s++) { taghtia_stroke_arcs(ctx, strokes[s]); }
        for (var r = 0; r < rest.length; r++) { rest[r]._updatePath(); }
        this._drawing = false;
        ctx.restore();
    }
});

// The map's Web Mercator transformation for its zoom, scale folded in: a point of metres
// (x, y) is at (ax * x + bx, cy * y + dy) in the map's pixels before rounding and the
// pixel origin (L.Transformation, as L.CRS.EPSG3857 uses it).
function taghtia_mercator_pixels(map) {
    var crs = map.options.crs, scale = crs.scale(map.getZoom()), t = crs.transformation;
    return {ax: scale * t._a, bx: scale * t._b, cy: scale * t._c, dy: scale * t._d};
}

// The arcs of a units layer in the map's pixels for its zoom and origin, computed once per
// view: {xy: x, y, x, y... of every arc in turn, starts: where each arc begins in ``xy``,
// and where the last one ends}; a vertex is kept only when it falls on another pixel than
// the one before.
function taghtia_arc_pixels(units) {
    var map = units._map, zoom = map.getZoom(), origin = map.getPixelOrigin();
    var key = zoom + " " + origin.x + " " + origin.y;
    if (units._taghtiaArcKey === key) { return units._taghtiaArcPixels; }
    var to = taghtia_mercator_pixels(map), ax = to.ax, bx = to.bx, cy = to.cy, dy = to.dy;
    var doc = units.taghtiaDoc, metres = doc.metres, arcStarts = doc.arcStarts;
    var xy = new Float64Array(metres.length), starts = new Int32Array(arcStarts.length);
    var n = 0;
    for (var a = 0; a + 1 < arcStarts.length; a++) {
        starts[a] = n;
        for (var i = arcStarts[a]; i < arcStarts[a + 1]; i += 2) {
            var x = Math.round(ax * metres[i] + bx) - origin.x;
            var y = Math.round(cy * metres[i + 1] + dy) - origin.y;
            if (n > starts[a] && x === xy[n - 2] && y === xy[n - 1]) { continue; }
            xy[n] = x; xy[n + 1] = y;
            n += 2;
        }
    }
    starts[arcStarts.length - 1] = n;
    units._taghtiaArcKey = key;
    units._taghtiaArcPixels = {xy: xy, starts: starts};
    return units._taghtiaArcPixels;
}

// Unit ``u`` of a units layer traced on ``ctx`` from the layer's arcs in pixels (the path
// of its fill).
function taghtia_trace_unit(ctx, units, u) {
    var arcs = taghtia_arc_pixels(units), xy = arcs.xy, starts = arcs.starts;
    var doc = units.taghtiaDoc, pieces = doc.pieces;
    for (var p = doc.unitStarts[u]; p < doc.unitStarts[u + 1]; p++) {
        for (var r = doc.polygonStarts[p]; r < doc.polygonStarts[p + 1]; r++) {
            if (doc.ringVertices[r] < 2) { continue; }
            var first = true;
            for (var q = doc.ringStarts[r]; q < doc.ringStarts[r + 1]; q += 2) {
                var from = starts[pieces[q]], to = starts[pieces[q] + 1];
                var step = pieces[q + 1] ? -2 : 2, i = pieces[q + 1] ? to - 2 : from;
                for (; i >= from && i < to; i += step) {
                    if (first) { ctx.moveTo(xy[i], xy[i + 1]); first = false; } else {
                        ctx.lineTo(xy[i], xy[i + 1]);
                    }
                }
            }
            ctx.closePath();
        }
    }
}

// Every border of a units layer stroked at once, each arc once (``taghtiaLine``: colour,
// weight, opacity).
function taghtia_stroke_arcs(ctx, units) {
    var line = units.taghtiaLine;
    if (!line || !line.weight) { return; }
    var arcs = taghtia_arc_pixels(units), xy = arcs.xy, starts = arcs.starts;
    ctx.beginPath();
    for (var a = 0; a + 1 < starts.length; a++) {
        for (var i = starts[a]; i < starts[a + 1]; i += 2) {
            if (i > starts[a]) { ctx.lineTo(xy[i], xy[i + 1]); } else {
                ctx.moveTo(xy[i], xy[i + 1]);
            }
        }
    }
    if (ctx.setLineDash) { ctx.setLineDash([]); }
    ctx.globalAlpha = line.opacity;
    ctx.lineWidth = line.weight;
    ctx.strokeStyle = line.colour;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.stroke();
}
function taghtia_canvas(map) {
    if (!map.taghtiaCanvas) { map.taghtiaCanvas = new TaghtiaCanvas({tolerance: 1}); }
    return map.taghtiaCanvas;
}

// Whether a layer drawn by a canvas renderer is on screen: the renderer has drawn since the
// layer was last changed and the layer has a visible part.
function taghtia_drawn(layer) {
    var renderer = layer._renderer;
    if (!layer._map) { return false; }
    var redrawn = renderer instanceof TaghtiaCanvas
        ? taghtia_redrawn(renderer, layer._taghtiaChange || 0)
        : !!(renderer && renderer._map && !renderer._postponeUpdatePaths) &&
          !renderer._redrawRequest;  // another canvas: nothing waiting to be drawn
    if (!redrawn) { return false; }
    if (layer instanceof L.CircleMarker) { return !layer._empty(); }  // a marker in the canvas
    return layer instanceof TaghtiaUnit ? taghtia_unit_shown(layer)
        : !!(layer._parts && layer._parts.length);  // a shape with a part in the canvas
}

// Whether our canvas renderer is on its map and has drawn since its redraw number ``since``.
function taghtia_redrawn(renderer, since) {
    return !!(renderer._map && !renderer._postponeUpdatePaths) &&
        (renderer._taghtiaRedraws || 0) > since;
}

// A point inside a unit on screen (container pixels), as far as it can from its outline
// and from the centre markers drawn over it (``avoid``: [x, y] of each): sampled along
// horizontal lines across its largest polygon, inside the map. The middle of a box may fall
// outside a concave commune; this never does.
function taghtia_inside(map, unit, avoid) {
    var latlngs = unit.getLatLngs(), size = map.getSize();
    var polygons = latlngs.length && Array.isArray(latlngs[0][0]) ? latlngs : [latlngs];
    var best = null, bestArea = -1;
    for (var p = 0; p < polygons.length; p++) {
        var rings = polygons[p].map(function (ring) {
            return ring.map(function (ll) { return map.latLngToContainerPoint(ll); });
        });
        var b = L.bounds(rings[0]), area = b.getSize().x * b.getSize().y;
        if (area > bestArea) { bestArea = area; best = {rings: rings, bounds: b}; }
    }
    if (!best) { return null; }
    var found = null, score = -Infinity, lines = 24;
    for (var f = 1; f < lines; f++) {
        var y = best.bounds.min.y + (best.bounds.max.y - best.bounds.min.y) * f / lines;
        if (y < 1 || y > size.y - 1) { continue; }
        var xs = [];
        best.rings.forEach(function (ring) {
            for (var k = 0, j = ring.length - 1; k < ring.length; j = k++) {
                var a = ring[j], c = ring[k];
                if ((a.y <= y) !== (c.y <= y)) {
                    xs.push(a.x + (y - a.y) * (c.x - a.x) / (c.y - a.y));
                }
            }
        });
        xs.sort(function (u, v) { return u - v; });
        for (var m = 0; m + 1 < xs.length; m += 2) {  // runs inside the polygon
            var left = Math.max(xs[m], 1), right = Math.min(xs[m + 1], size.x - 1);
            for (var s = 1; s < 8 && right > left; s++) {
                var x = left + (right - left) * s / 8, room = Math.min(x - left, right - x);
                for (var r = 0; r < best.rings.length && room > score; r++) {
                    var ring = best.rings[r];
                    for (var e = 0, g = ring.length - 1; e < ring.length; g = e++) {
                        room = Math.min(room, L.LineUtil.pointToSegmentDistance(
                            L.point(x, y), ring[g], ring[e]));
                    }
                }
                for (var q = 0; q < avoid.length; q++) {
                    room = Math.min(room, Math.sqrt(Math.pow(avoid[q][0] - x, 2) +
                                                    Math.pow(avoid[q][1] - y, 2)) - 7);
                }
                if (room > score) { score = room; found = [x, y, room]; }
            }
        }
    }
    return found;
}

// The centre markers drawn on screen: [x, y, radius] in the frame's CSS pixels.
window.taghtiaCentres = function () {
    var out = [];
    taghtia_registry.centres.forEach(function (group) {
        var map = group._map;
        if (!map) { return; }
        var rect = map.getContainer().getBoundingClientRect();
        group.eachLayer(function (marker) {
            if (!marker.getRadius || !taghtia_drawn(marker)) { return; }
            var at = map.latLngToContainerPoint(marker.getLatLng());
            out.push([rect.left + at.x, rect.top + at.y, marker.getRadius()]);
        });
    });
    return out;
};

// The units drawn on screen, for tests and benchmarks (a canvas has no element per unit):
// {code, box: [left, top, right, bottom]} in the frame's CSS pixels (the unit's bounds
// projected), for every unit the canvas renderer has drawn and that shows in the map; with
// ``{points: true}`` also ``point``, a point inside the unit to hover or click, and
// ``room``, its distance in pixels to the unit's outline and to the nearest centre marker;
// ``{code: ...}`` lists that unit only.
window.taghtiaUnits = function (options) {
    var out = [], points = options && options.points, only = options && options.code;
    taghtia_registry.units.forEach(function (layer) {
        var map = layer._map, waiting = !layer.taghtiaLoaded && layer.taghtiaStyles;
        // units drawn from their document have no layer to find a point inside yet
        if (!map || !(layer.taghtiaLoaded || (waiting && !points))) { return; }
        var rect = map.getContainer().getBoundingClientRect(), size = map.getSize();
        function list(code, b) {  // a unit drawn, ``b`` its bounds in degrees, if it shows
            if (only && code !== only) { return null; }
            var nw = map.latLngToContainerPoint(b.getNorthWest()),
                se = map.latLngToContainerPoint(b.getSouthEast());
            if (se.x < 0 || se.y < 0 || nw.x > size.x || nw.y > size.y) { return null; }
            var drawn = {code: code, box: [rect.left + nw.x, rect.top + nw.y,
                                           rect.left + se.x, rect.top + se.y]};
            out.push(drawn);
            return drawn;
        }
        if (waiting) {
            var renderer = layer.options.renderer, doc = layer.taghtiaDoc;
            if (!taghtia_redrawn(renderer, layer.taghtiaWaitingSince)) { return; }
            layer.taghtiaStyles.forEach(function (style, u) {
                if (style && taghtia_waiting_unit_meets(layer, u, null)) {
                    var b = taghtia_box(doc.unitBoxes, u);
                    list(doc.codes[u], L.latLngBounds([b[0], b[1]], [b[2], b[3]]));
                }
            });
            return;
        }
        var avoid = [];
        if (points) {
            window.taghtiaCentres().forEach(function (c) {
                avoid.push([c[0] - rect.left, c[1] - rect.top]);
            });
        }
        layer.eachLayer(function (unit) {
            if (!unit.getBounds || !taghtia_drawn(unit)) { return; }
            var drawn = list(unit.feature.properties.code, unit.getBounds());
            if (drawn && points) {
                var at = taghtia_inside(map, unit, avoid);
                drawn.point = at && [rect.left + at[0], rect.top + at[1]];
                drawn.room = at ? at[2] : 0;
            }
        });
    });
    return out;
};

// When the units layers' canvas first drew them all (ms since the epoch), for benchmarks:
// the time the page drew the map rather than the time a poller noticed; null until then.
window.taghtiaDrawnAt = function () {
    var at = null;
    for (var i = 0; i < taghtia_registry.units.length; i++) {
        var drawn = taghtia_registry.units[i].taghtiaDrawnAt;
        if (!drawn) { return null; }
        at = Math.max(at || 0, drawn);
    }
    return at;
};

// Shapes decoded from the compact boundary files keep their rings as TaghtiaRing objects,
// whose vertices are typed arrays: degrees (``ll``: lat, lng, lat, lng...) and Web Mercator
// metres (``xy``), made from the document's arcs on first use (taghtia_decode). A
// zoom projects the metres to pixels with the zoom's scale, read once per ring, and keeps a
// vertex only when it falls on another pixel than the previous one (the same outline is
// drawn and hit-tested: Leaflet rounds to pixels too). Leaflet's LatLng arrays are made
// only when something asks for them (getLatLngs, toGeoJSON): not one object per vertex at
// load, for tens of thousands of vertices.
function taghtia_project_rings() {
    var map = this._map, crs = map.options.crs, origin = map.getPixelOrigin();
    var to = taghtia_mercator_pixels(map), ax = to.ax, bx = to.bx, cy = to.cy, dy = to.dy;
    var mercator = crs.projection === L.Projection.SphericalMercator;
    var pxBounds = new L.Bounds(), rings = [];
    for (var r = 0; r < this._taghtiaRings.length; r++) {
        var source = this._taghtiaRings[r], ll = source.ll, xy = source.xy;
        var n = ll.length / 2, ring = [], lastX = NaN, lastY = NaN;
        var west = Infinity, north = Infinity, east = -Infinity, south = -Infinity;
        for (var i = 0; i < n; i++) {
            var x, y;
            if (mercator) {
                x = Math.round(ax * xy[2 * i] + bx) - origin.x;
                y = Math.round(cy * xy[2 * i + 1] + dy) - origin.y;
            } else {  // another CRS: Leaflet's own projection of the vertex
                var point = crs.latLngToPoint(L.latLng(ll[2 * i], ll[2 * i + 1]),
                                              map.getZoom())._round()._subtract(origin);
                x = point.x; y = point.y;
            }
            if (x === lastX && y === lastY) { continue; }
            lastX = x; lastY = y;
            ring.push(new L.Point(x, y));
            if (x < west) { west = x; }
            if (x > east) { east = x; }
            if (y < north) { north = y; }
            if (y > south) { south = y; }
        }
        if (ring.length) {
            pxBounds.extend(L.point(west, north));
            pxBounds.extend(L.point(east, south));
        }
        rings.push(ring);
    }
    this._rings = rings;
    if (this._bounds.isValid() && pxBounds.isValid()) {
        this._rawPxBounds = pxBounds;
        this._updateBounds();
    }
}
// ``polygons``: for each part, its rings (outer first) as TaghtiaRing objects.
function taghtia_shape_init(polygons, options) {
    L.setOptions(this, options);
    var rings = [], box = [Infinity, Infinity, -Infinity, -Infinity];
    for (var p = 0; p < polygons.length; p++) {
        for (var r = 0; r < polygons[p].length; r++) {
            var b = polygons[p][r].box;
            rings.push(polygons[p][r]);
            box = [Math.min(box[0], b[0]), Math.min(box[1], b[1]),
                   Math.max(box[2], b[2]), Math.max(box[3], b[3])];
        }
    }
    this._taghtiaPolygons = polygons;
    this._taghtiaRings = rings;
    this._bounds = rings.length ? L.latLngBounds([box[0], box[1]], [box[2], box[3]])
        : new L.LatLngBounds();
}
function taghtia_latlngs(lines) {  // Leaflet's nesting, made on first use
    var polygons = this._taghtiaPolygons.map(function (rings) {
        return rings.map(function (ring) {
            var out = new Array(ring.ll.length / 2);
            for (var i = 0; i < out.length; i++) {
                out[i] = new L.LatLng(ring.ll[2 * i], ring.ll[2 * i + 1]);
            }
            return out;
        });
    });
    if (lines) { polygons = polygons.map(function (rings) { return rings[0]; }); }
    return polygons.length === 1 ? polygons[0] : polygons;
}
function taghtia_shape_class(Base, lines) {
    var Shape = Base.extend({initialize: taghtia_shape_init, _project: taghtia_project_rings});
    Object.defineProperty(Shape.prototype, "_latlngs", {
        get: function () {
            if (!this._taghtiaLatLngs) {
                var latlngs = taghtia_latlngs.call(this, lines);
                this._taghtiaLatLngs = !lines && latlngs.length && latlngs[0] instanceof L.LatLng
                    ? [latlngs] : latlngs;  // a polygon's rings, as L.Polygon keeps them
            }
            return this._taghtiaLatLngs;
        },
        set: function (value) { this._taghtiaLatLngs = value; }
    });
    return Shape;
}
var TaghtiaPolygon = taghtia_shape_class(L.Polygon, false);
var TaghtiaPolyline = taghtia_shape_class(L.Polyline, true);

// A unit of a layer drawn in batches (TaghtiaCanvas._draw fills it from the layer's arcs in
// pixels): a view change projects its box only. Its rings (TaghtiaRing objects) and their
// pixels (``_parts``, as a polygon with ``noClip`` and no simplification has them) are made
// when something asks for them: Leaflet's hit-testing, once the pointer is within the
// unit's box, and the drawing of the unit under the pointer on its own.
var TaghtiaUnit = TaghtiaPolygon.extend({
    initialize: function (doc, index) {  // unit ``index`` of a decoded document
        this._taghtiaDoc = doc;
        this._taghtiaIndex = index;
    },
    _project: function () {
        var box = taghtia_unit_pixels(this._map, this._taghtiaDoc, this._taghtiaIndex);
        var raw = Object.create(L.Bounds.prototype);
        raw.min = new L.Point(box[0], box[1]);
        raw.max = new L.Point(box[2], box[3]);
        this._taghtiaParts = null;
        this._rawPxBounds = raw;
        this._updateBounds();
    },
    _update: function () {  // L.Polyline's, its clipping and simplification left for later
        if (!this._map) { return; }
        this._taghtiaParts = null;
        this._updatePath();
    }
});
// made when first asked for: its bounds in degrees, its GeoJSON-like feature
Object.defineProperty(TaghtiaUnit.prototype, "_bounds", {
    get: function () {
        if (!this._taghtiaBounds) {
            var b = taghtia_box(this._taghtiaDoc.unitBoxes, this._taghtiaIndex);
            this._taghtiaBounds = L.latLngBounds([b[0], b[1]], [b[2], b[3]]);
        }
        return this._taghtiaBounds;
    },
    set: function (value) { this._taghtiaBounds = value; }
});
Object.defineProperty(TaghtiaUnit.prototype, "feature", {
    get: function () {
        if (!this._taghtiaFeature) {
            this._taghtiaFeature = taghtia_feature(this._taghtiaDoc, this._taghtiaIndex);
        }
        return this._taghtiaFeature;
    },
    set: function (value) { this._taghtiaFeature = value; }
});
function taghtia_feature(doc, i) {  // what L.GeoJSON gives a layer of unit ``i``
    return {type: "Feature", id: i, properties: {code: doc.codes[i]}, geometry: null};
}
Object.defineProperty(TaghtiaUnit.prototype, "_taghtiaPolygons", {  // made on first use
    get: function () {
        if (!this._taghtiaMadePolygons) {
            this._taghtiaMadePolygons = taghtia_unit_polygons(this._taghtiaDoc,
                                                              this._taghtiaIndex);
        }
        return this._taghtiaMadePolygons;
    }
});
Object.defineProperty(TaghtiaUnit.prototype, "_taghtiaRings", {
    get: function () { return [].concat.apply([], this._taghtiaPolygons); }
});
Object.defineProperty(TaghtiaUnit.prototype, "_parts", {
    get: function () {
        if (!this._taghtiaParts) {
            taghtia_project_rings.call(this);
            this._taghtiaParts = taghtia_unit_shown(this) ? this._rings : [];
        }
        return this._taghtiaParts;
    },
    set: function (value) { this._taghtiaParts = value; }
});
// Whether a unit of a batched layer is within its canvas (with its stroke's width): what a
// polygon that is not clipped has parts for.
function taghtia_unit_shown(unit) {
    var px = unit._pxBounds;
    return !!px && taghtia_box_meets(unit._renderer, [px.min.x, px.min.y, px.max.x, px.max.y],
                                     0, unit.options.weight, null);
}

// Unit ``u``'s box in the map's pixels ([left, top, right, bottom] from its pixel origin),
// its corners projected as its vertices are (taghtia_project_rings): Web Mercator keeps the
// order of latitudes and longitudes, and each vertex is rounded to a pixel, so they give
// the bounds the unit's vertices would.
function taghtia_unit_pixels(map, doc, u) {
    var origin = map.getPixelOrigin(), to = taghtia_mercator_pixels(map);
    var b = doc.unitBoxes, k = 4 * u;
    return [Math.round(to.ax * taghtia_mercator_x(b[k + 1]) + to.bx) - origin.x,
            Math.round(to.cy * taghtia_mercator_y(b[k + 2]) + to.dy) - origin.y,
            Math.round(to.ax * taghtia_mercator_x(b[k + 3]) + to.bx) - origin.x,
            Math.round(to.cy * taghtia_mercator_y(b[k]) + to.dy) - origin.y];
}

// How far around its vertices a shape styled ``options`` is hit and redrawn (Leaflet's
// L.Path._clickTolerance, with the renderer's ``tolerance``).
function taghtia_reach(options, tolerance) {
    return (options.stroke ? options.weight / 2 : 0) + tolerance;
}

// taghtia_box_meets for unit ``u`` of a units layer waiting for its layers
// (taghtia_wait_units): its box and reach as its TaghtiaUnit's _pxBounds will be.
function taghtia_waiting_unit_meets(layer, u, redraw) {
    var renderer = layer.options.renderer, style = layer.taghtiaStyles[u];
    return taghtia_box_meets(renderer, taghtia_unit_pixels(layer._map, layer.taghtiaDoc, u),
                             taghtia_reach(style, renderer.options.tolerance || 0),
                             style.weight, redraw);
}

// Whether a pixel ``box`` widened by ``reach`` (a layer's _pxBounds) lies within a canvas
// renderer widened by ``weight`` and meets the pixel bounds being redrawn, ``redraw`` (null:
// all of it), as L.Bounds.intersects tells.
function taghtia_box_meets(renderer, box, reach, weight, redraw) {
    var canvas = renderer && renderer._bounds;
    if (!canvas) { return false; }
    var left = box[0] - reach, top = box[1] - reach;
    var right = box[2] + reach, bottom = box[3] + reach;
    if (redraw && !(right >= redraw.min.x && left <= redraw.max.x &&
                    bottom >= redraw.min.y && top <= redraw.max.y)) {
        return false;
    }
    return right >= canvas.min.x - weight && left <= canvas.max.x + weight &&
        bottom >= canvas.min.y - weight && top <= canvas.max.y + weight;
}

// A ring of a decoded document: its arcs in turn, ``pieces[first]`` to ``pieces[end - 1]``
// (an arc's index, then 1 when it is walked backwards), its ``vertices`` and its ``box``
// [south, west, north, east]; its vertices as typed arrays (``ll``: degrees, ``xy``: Web
// Mercator metres) are joined from the arcs when first asked for, the vertex an arc shares
// with the one before once, and a closed ring's last vertex (its first) left out.
function TaghtiaRing(doc, pieces, first, end, vertices, box) {
    this.doc = doc;
    this.pieces = pieces;
    this.first = first;
    this.end = end;
    this.vertices = vertices;
    this.box = box;
    this._ll = null;
    this._xy = null;
}
TaghtiaRing.prototype._join = function () {
    var doc = this.doc, pieces = this.pieces, size = 2 * this.vertices;
    var degrees = doc.degrees, metres = doc.metres, starts = doc.arcStarts;
    if (this.end - this.first === 2 && !pieces[this.first + 1]) {  // one arc, forwards
        var at = starts[pieces[this.first]];
        this._ll = degrees.subarray(at, at + size);
        this._xy = metres.subarray(at, at + size);
        return;
    }
    var ll = new Float64Array(size), xy = new Float64Array(size), to = 0;
    for (var q = this.first; q < this.end && to < size; q += 2) {
        var from = starts[pieces[q]], n = (starts[pieces[q] + 1] - from) / 2;
        var backwards = pieces[q + 1];
        for (var v = q > this.first ? 1 : 0; v < n && to < size; v++) {
            var w = from + 2 * (backwards ? n - 1 - v : v);
            ll[to] = degrees[w]; ll[to + 1] = degrees[w + 1];
            xy[to] = metres[w]; xy[to + 1] = metres[w + 1];
            to += 2;
        }
    }
    this._ll = ll;
    this._xy = xy;
};
Object.defineProperty(TaghtiaRing.prototype, "ll", {
    get: function () { if (!this._ll) { this._join(); } return this._ll; }
});
Object.defineProperty(TaghtiaRing.prototype, "xy", {
    get: function () { if (!this._xy) { this._join(); } return this._xy; }
});

// Box ``i`` of a document's boxes (south, west, north, east in turn), as [s, w, n, e].
function taghtia_box(boxes, i) {
    return [boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]];
}

// A boundary document decoded (its topology: taghtia_topology).
function taghtia_decode(doc) {
    return doc.unitStarts ? doc : taghtia_topology(doc);
}

// The polygons of unit ``u`` of a decoded document (or of a document of lines given as
// ``parts``, per unit its polygons), each its rings as TaghtiaRing objects: rings of fewer
// than two vertices left out, and polygons left without a ring.
function taghtia_unit_polygons(doc, u) {
    var polygons = [], p, rings;
    if (doc.parts) {
        for (p = 0; p < (doc.parts[u] || []).length; p++) {
            rings = doc.parts[u][p].filter(function (ring) { return ring.vertices >= 2; });
            if (rings.length) { polygons.push(rings); }
        }
        return polygons;
    }
    for (p = doc.unitStarts[u]; p < doc.unitStarts[u + 1]; p++) {
        rings = [];
        for (var r = doc.polygonStarts[p]; r < doc.polygonStarts[p + 1]; r++) {
            if (doc.ringVertices[r] < 2) { continue; }
            rings.push(new TaghtiaRing(doc, doc.pieces, doc.ringStarts[r], doc.ringStarts[r + 1],
                                       doc.ringVertices[r], taghtia_box(doc.ringBoxes, r)));
        }
        if (rings.length) { polygons.push(rings); }
    }
    return polygons;
}

// The outlines of the units' parents drawn from the units' own arcs (nothing sent again):
// every arc between two units whose codes differ in their first ``prefix`` characters,
// and every arc of the outer edge; a decoded document of lines.
function taghtia_outlines(doc, prefix) {
    var parts = [], starts = doc.arcStarts;
    for (var a = 0; a + 1 < starts.length; a++) {
        var one = doc.arcUsers[2 * a], other = doc.arcUsers[2 * a + 1];
        if (doc.arcUses[a] === 2 && doc.codes[one].slice(0, prefix) ===
                doc.codes[other].slice(0, prefix)) {
            continue;
        }
        parts.push([new TaghtiaRing(doc, [a, 0], 0, 2, (starts[a + 1] - starts[a]) / 2,
                                    taghtia_box(doc.arcBoxes, a))]);
    }
    return {codes: ["context"], lines: 1, parts: [parts]};
}

// Whether the units of ``doc`` are drawn in batches (TaghtiaCanvas._draw) into ``layer``: when
// the layer asks for it, on our canvas, in Web Mercator (the arcs are projected with the
// map's own transformation).
function taghtia_batched(layer, doc) {
    var map = layer._map, renderer = layer.options.renderer;
    return !!(layer.taghtiaLine && !doc.lines && doc.unitBoxes &&
              renderer instanceof TaghtiaCanvas && map &&
              map.options.crs.projection === L.Projection.SphericalMercator);
}

// The options every shape of ``layer`` shares, flattened once (a shape's own style is put
// over them: taghtia_style).
function taghtia_defaults(layer, Shape) {
    return L.extend({}, Shape.prototype.options, layer.options);
}

// What L.GeoJSON's addData and resetStyle give the shape of ``feature`` as its options,
// without copying every option three times per shape: its style (``layer``'s, a function
// or the style itself) over the ``defaults`` of the layer's shapes.
function taghtia_style(layer, defaults, feature) {
    var given = layer.options.style, options = Object.create(defaults);
    var style = typeof given === "function" ? given(feature) : given || {};
    for (var key in style) { options[key] = style[key]; }
    return options;
}

// Shapes of a decoded document (taghtia_decode) straight into Leaflet layers of ``layer``
// (a L.GeoJSON, its options and style), no GeoJSON made in between, their rings
// TaghtiaRing objects (typed arrays of degrees and metres). Units drawn in batches take
// taghtia_wait_units then taghtia_unit_layers instead.
function taghtia_shapes(layer, doc) {
    var Shape = doc.lines ? TaghtiaPolyline : TaghtiaPolygon;
    var defaults = taghtia_defaults(layer, Shape), shapes = [];
    for (var i = 0; i < doc.codes.length; i++) {
        var polygons = taghtia_unit_polygons(doc, i);
        if (!polygons.length) { continue; }
        var shape = new Shape(polygons);
        shape.feature = taghtia_feature(doc, i);
        shape.options = taghtia_style(layer, defaults, shape.feature);
        shape.defaultOptions = defaults;
        shapes.push(shape);
    }
    taghtia_add_shapes(layer, shapes);
}

// The units of a layer drawn in batches, drawn from their document before any Leaflet layer
// of theirs exists (the first frame does not wait for a layer per unit): each unit's
// options (``taghtiaStyles``; null for a unit without a ring), then the layer waits on its
// canvas (``_taghtiaWaiting``), which fills its units from the document, until
// taghtia_unit_layers makes their layers.
function taghtia_wait_units(layer, doc) {
    var renderer = layer._map.getRenderer(layer);  // its canvas, put on the map if not yet
    var defaults = taghtia_defaults(layer, TaghtiaUnit);
    var scratch = taghtia_feature(doc, 0), styles = [];  // a unit's feature: made when asked
    for (var i = 0; i < doc.codes.length; i++) {
        if (!(doc.unitBoxes[4 * i] <= doc.unitBoxes[4 * i + 2])) {  // no ring drawn
            styles.push(null);
            continue;
        }
        scratch.id = i;
        scratch.properties.code = doc.codes[i];
        styles.push(taghtia_style(layer, defaults, scratch));
    }
    layer.taghtiaDoc = doc;
    layer.taghtiaStyles = styles;
    layer.taghtiaWaitingSince = renderer._taghtiaRedraws || 0;
    renderer._taghtiaWaiting = (renderer._taghtiaWaiting || []).concat([layer]);
    taghtia_redraw_all(renderer);
}

// The Leaflet layers of the units a layer waits for (taghtia_wait_units), for hit-testing,
// tooltips and hover: added as drawn already, since their canvas has filled them from the
// document (no redraw unless it has not yet).
function taghtia_unit_layers(layer) {
    var doc = layer.taghtiaDoc, styles = layer.taghtiaStyles, renderer = layer.options.renderer;
    var shapes = [];
    for (var i = 0; i < styles.length; i++) {
        if (!styles[i]) { continue; }
        var shape = new TaghtiaUnit(doc, i);
        shape.options = styles[i];
        shape.defaultOptions = Object.getPrototypeOf(styles[i]);
        shape.taghtiaBatch = layer;
        shapes.push(shape);
    }
    renderer._taghtiaWaiting = (renderer._taghtiaWaiting || []).filter(function (other) {
        return other !== layer;
    });
    taghtia_add_shapes(layer, shapes, layer.taghtiaWaitingSince);
}

// What ``group.addLayer(shape)`` does for each of ``shapes`` once the map is ready
// (L.FeatureGroup.addLayer, L.Map.addLayer and L.Path.onAdd of Leaflet 1.9), without its
// per-shape events: the map's "layeradd" (the attribution control's, which only attaches a
// "remove" listener to a layer without attribution), the group's "layeradd" and the shape's
// "add". A shape's mouse events still reach the group, its event parent. On our canvas, one
// redraw of the whole canvas, not one request per shape; none when ``drawnSince`` (a count
// of the canvas's redraws) says the shapes were drawn already, from their document.
function taghtia_add_shapes(group, shapes, drawnSince) {
    var map = group._map;
    if (!map || !map._loaded || !shapes.length) {
        for (var k = 0; k < shapes.length; k++) { group.addLayer(shapes[k]); }
        return;
    }
    var renderer = map.getRenderer(shapes[0]);  // the group's renderer, shared by its shapes
    var ours = renderer instanceof TaghtiaCanvas, redraws = renderer._taghtiaRedraws || 0;
    var change = drawnSince === undefined ? redraws : drawnSince;
    for (var i = 0; i < shapes.length; i++) {
        var shape = shapes[i], id = L.stamp(shape);
        shape.addEventParent(group);
        group._layers[id] = map._layers[id] = shape;
        shape._renderer = renderer;
        shape._map = shape._mapToAdd = map;
        shape._zoomAnimated = map._zoomAnimated;
        renderer._initPath(shape);
        shape._reset();
        if (ours) {
            shape._taghtiaChange = change;
        } else {
            renderer._addPath(shape);
        }
    }
    if (ours && !(redraws > change)) { taghtia_redraw_all(renderer); }
}

// A redraw of the whole of a canvas renderer asked for (on the next animation frame).
function taghtia_redraw_all(renderer) {
    renderer._redrawBounds = null;
    renderer._redrawRequest = renderer._redrawRequest ||
        L.Util.requestAnimFrame(renderer._redraw, renderer);
}

// Load a layer's document (fetched, or ``inline``) into ``layer``; with ``after`` (another
// layer), only once that one is loaded, on the frame after (context outlines after the
// units). A layer is loaded (``taghtiaLoaded``, "taghtia:loaded") once its shapes are
// Leaflet layers: units drawn in batches are drawn first, their layers made on the frame
// after.
function taghtia_load(layer, data, inline, after, derive) {
    function loaded() {
        layer.taghtiaLoaded = true;
        layer.fire("taghtia:loaded");
    }
    function add(doc) {
        if (after && !after.taghtiaLoaded) {
            after.once("taghtia:loaded", function () {
                taghtia_after_paint(function () { add(doc); });
            });
            return;
        }
        var collection = !derive && doc.type === "FeatureCollection", waiting = false;
        if (derive) {  // outlines drawn from the arcs of ``after`` (the units)
            doc = taghtia_outlines(after.taghtiaDoc, derive);
        } else if (!collection) {
            doc = taghtia_decode(doc);
            layer.taghtiaDoc = doc;
        }
        if (layer.setDoc) {
            layer.setDoc(collection ? {codes: doc.features.map(
                function (f) { return f.properties.code; })} : doc);
        }
        if (collection) {
            layer.addData(doc);
        } else if (taghtia_batched(layer, doc)) {
            taghtia_wait_units(layer, doc);
            waiting = true;
        } else {
            taghtia_shapes(layer, doc);
        }
        // drawn now, in this task, rather than on the next animation frame: the shapes are
        // on the canvas for the frame that follows
        var renderer = layer.options.renderer;
        if (renderer && renderer._map && renderer._redrawRequest) {
            L.Util.cancelAnimFrame(renderer._redrawRequest);
            renderer._redraw();
            if (!layer.taghtiaDrawnAt) {  // wall-clock time the canvas first drew the layer
                layer.taghtiaDrawnAt = performance.timeOrigin + performance.now();
            }
        }
        if (!waiting) { loaded(); return; }
        taghtia_after_paint(function () {  // the units' layers, once the frame is shown
            if (!layer._map) { return; }  // taken away by a later rerun
            taghtia_unit_layers(layer);
            loaded();
        });
    }
    if (inline || derive) { add(data); return; }
    taghtia_file(data, add);
}

// Run ``fn`` once the frame being prepared has been shown (work that can wait a frame).
function taghtia_after_paint(fn) {
    window.requestAnimationFrame(function () { setTimeout(fn, 0); });
}

// One value of a values-table column (maps._column_text): the first character is the width
// w, then w base-64 digits per unit holding its index + 1 (0: no value); returns the index.
function taghtia_cell(column, r) {
    var w = +column.charAt(0), value = 0;
    for (var k = 0; k < w; k++) {
        value = value * 64 + TAGHTIA_DIGIT[column.charCodeAt(1 + r * w + k)];
    }
    return value - 1;
}

// The units layer: fill colour per unit from this rerun's values table ``t`` (columns in the
// order of the boundary file, or keyed by ``t.codes``), tooltips built on hover.
function taghtia_units(map, t, o) {
    var doc = {codes: [], fr: [], ar: [], pop: []};
    var index = {}, byCode = null, number;
    if (t.codes) {
        byCode = {};
        for (var c = 0; c < t.codes.length; c++) { byCode[t.codes[c]] = c; }
    }
    function at(i) {  // the values table's row of unit i, or -1
        var r = byCode ? byCode[doc.codes[i]] : i;
        return r === undefined || i < 0 || r >= t.n ? -1 : r;
    }
    function row(i) {  // [colour index, word index, ...] of unit i, or null
        var r = at(i);
        if (r < 0) { return null; }
        var values = [];
        for (var k = 0; k < t.columns.length; k++) {
            var column = t.columns[k];
            // "~": a column the colour decides, one value per class (maps._derived_text)
            values.push(column.charAt(0) === "~" ? (values[0] < 0 ? -1 :
                        taghtia_cell(column.slice(1), values[0])) : taghtia_cell(column, r));
        }
        return values[0] < 0 ? null : values;
    }
    function tooltip(i) {
        var box = document.createElement("div"), title = document.createElement("b");
        title.textContent = (doc.fr && doc.fr[i]) || doc.codes[i];
        box.appendChild(title);
        if (doc.ar && doc.ar[i]) {
            var sub = document.createElement("span");
            sub.setAttribute("dir", "rtl");
            sub.textContent = doc.ar[i];
            box.appendChild(document.createElement("br"));
            box.appendChild(sub);
        }
        var values = row(i) || [];
        var lines = [];
        for (var j = 1; j < values.length && j - 1 < t.labels.length; j++) {
            if (values[j] >= 0) { lines.push(t.labels[j - 1] + "\u00a0: " + t.words[values[j]]); }
        }
        if (number === undefined) {  // on first hover: locale data is not free
            try { number = new Intl.NumberFormat(t.locale); } catch (e) { number = null; }
        }
        if (t.pop && doc.pop && doc.pop[i] !== null && doc.pop[i] !== undefined) {
            lines.push(t.pop + "\u00a0: " +
                       (number ? number.format(doc.pop[i]) : String(doc.pop[i])));
        }
        for (var k = 0; k < lines.length; k++) {
            box.appendChild(document.createElement("br"));
            box.appendChild(document.createTextNode(lines[k]));
        }
        return box;
    }
    function position(feature) {
        var code = feature.properties.code;
        return index.hasOwnProperty(code) ? index[code] : -1;
    }
    var layer = L.geoJSON(null, {
        className: o.className,
        renderer: taghtia_canvas(map),
        noClip: true,  // not cut to the view on each move: a territory is drawn whole
        // rings already keep one vertex per pixel (taghtia_project_rings): Leaflet's own
        // simplification on every zoom would only remove sub-pixel wiggles, for a cost
        smoothFactor: 0,
        style: function (feature) {  // the colour column alone (the others: on hover)
            var r = at(position(feature));
            var shade = r < 0 ? -1 : taghtia_cell(t.columns[0], r);
            var colour = shade >= 0 ? t.palette[shade] : o.noData;
            return {fillColor: colour, fillOpacity: o.fillOpacity, color: o.lineColour,
                    weight: o.lineWeight, className: o.className};
        }
    });
    // one tooltip and one hover handler for the whole layer, built for the unit under the
    // pointer when it is needed (not one per unit at load)
    layer.bindTooltip(function (unit) {
        var i = unit && unit.feature ? position(unit.feature) : -1;
        return i >= 0 ? tooltip(i) : "";
    }, {sticky: true, direction: "auto"});
    layer.on("mouseover", function (e) {
        if (e.layer && e.layer.setStyle) {
            e.layer.taghtiaHover = true;  // drawn on its own, over the others
            e.layer.setStyle({weight: 2.5, color: "#222"});
        }
    });
    layer.on("mouseout", function (e) {
        if (e.layer && e.layer.setStyle) {
            e.layer.taghtiaHover = false;
            e.layer.setStyle({weight: o.lineWeight, color: o.lineColour});
        }
    });
    // the units' borders, stroked once each from the arcs (TaghtiaCanvas)
    layer.taghtiaLine = {colour: o.lineColour, weight: o.lineWeight, opacity: 1};
    taghtia_registry.units.push(layer);
    layer.nameOf = function (feature) {  // the unit's name in the page's language
        var i = position(feature);
        if (i < 0) { return ""; }
        var arabic = String(t.locale).slice(0, 2) === "ar" && doc.ar && doc.ar[i];
        return arabic || (doc.fr && doc.fr[i]) || doc.codes[i];
    };
    layer.setDoc = function (d) {
        doc = d;
        index = {};
        for (var i = 0; i < d.codes.length; i++) { index[d.codes[i]] = i; }
    };
    return layer.addTo(map);
}

// Which centres a rerun shows: null (all) or a bitmask in base64, one bit per centre of the
// file, least significant bit first.
function taghtia_mask(mask, n) {
    if (mask === null || mask === undefined) { return null; }
    var bytes = atob(mask), shown = new Uint8Array(n);
    for (var i = 0; i < n; i++) {
        shown[i] = (bytes.charCodeAt(i >> 3) >> (i & 7)) & 1;
    }
    return shown;
}

// The markers of a compact centre document (dashboard.app.map_files.encode_points), one
// array per point: [lat step, lng step, title (word indexes, or the text), subtitle word
// (-1: none), row set(, colour(, label word))].
function taghtia_point_rows(d) {
    var steps = taghtia_varints(d.positions, true), titles = taghtia_varints(d.titles, false);
    var subtitles = taghtia_varints(d.subtitles, false), sets = taghtia_varints(d.rowset, false);
    var colours = d.colour ? taghtia_varints(d.colour, false) : null;
    var labels = d.labels ? taghtia_varints(d.labels, false) : null;
    var rows = [], at = 0;
    for (var i = 0; i < sets.length; i++) {
        var n = titles[at], title;
        if (n === 0) { title = d.words[titles[at + 1]]; at += 2; } else {
            title = titles.slice(at + 1, at + 1 + n);
            at += 1 + n;
        }
        var p = [steps[2 * i], steps[2 * i + 1], title, subtitles[i] - 1, sets[i]];
        var label = labels ? labels[i] : 0, colour = colours ? colours[i] : 0;
        if (colour || label) { p.push(colour); }
        if (label) { p.push(label - 1); }
        rows.push(p);
    }
    return rows;
}
// The row sets of a centre document: per set its number of words then their indexes.
function taghtia_rowsets(text) {
    var numbers = taghtia_varints(text, false), out = [];
    for (var k = 0; k < numbers.length; k += 1 + numbers[k]) {
        out.push(numbers.slice(k + 1, k + 1 + numbers[k]));
    }
    return out;
}

// Centre markers from their compact document ``d`` (positions in steps of 1e-4 degree from
// the previous centre, names as word indexes, tooltip rows as an index into row sets), fetched
// once from a static file or given inline; ``mask`` says which this rerun shows. Drawn once
// ``after`` (the units layer) is on screen: the communes are seen first, the markers follow.
function taghtia_points(map, group, data, inline, mask, o, after) {
    function draw(d) {
        var words = d.words, colours = d.colours, points = taghtia_point_rows(d);
        var rowsets = taghtia_rowsets(d.rowsets);
        var shown = taghtia_mask(mask, points.length);
        function name(value) {
            if (typeof value === "string") { return value; }
            var parts = [];
            for (var j = 0; j < value.length; j++) { parts.push(words[value[j]]); }
            return parts.join(" ");
        }
        function tooltip(p) {
            var box = document.createElement("div"), title = document.createElement("b");
            title.textContent = name(p[2]);
            box.appendChild(title);
            if (p[3] >= 0) {
                var sub = document.createElement("span");
                sub.setAttribute("dir", "auto");
                sub.textContent = words[p[3]];
                box.appendChild(document.createElement("br"));
                box.appendChild(sub);
            }
            var rows = rowsets[p[4]];
            for (var j = 0; j < rows.length; j += 2) {
                box.appendChild(document.createElement("br"));
                box.appendChild(document.createTextNode(
                    words[rows[j]] + "\u00a0: " + words[rows[j + 1]]));
            }
            return box;
        }
        var lat = 0, lon = 0, markers = [];
        for (var i = 0; i < points.length; i++) {
            var p = points[i];
            lat += p[0]; lon += p[1];
            if (shown && !shown[i]) { continue; }
            if (p.length > 6) {  // a labelled marker (a proposed site): drawn apart, on top
                var badge = document.createElement("span");
                badge.textContent = words[p[6]];
                badge.style.cssText = "display:flex;align-items:center;justify-content:center;" +
                    "width:22px;height:22px;border-radius:50%;border:2px solid #fff;" +
                    "box-shadow:0 1px 3px rgba(0,0,0,0.5);color:#fff;font:bold 12px/1 " +
                    "system-ui,sans-serif;background:" + colours[p[5] || 0];
                var site = L.marker([lat / 1e4, lon / 1e4], {
                    icon: L.divIcon({html: badge, className: o.labelClass,
                                     iconSize: [26, 26], iconAnchor: [13, 13]}),
                    zIndexOffset: 1000
                });
                site.bindTooltip(tooltip.bind(null, p), {direction: "top"});
                site.addTo(map);
                continue;
            }
            var marker = L.circleMarker([lat / 1e4, lon / 1e4], {
                radius: 5, color: "#ffffff", weight: 1, fillColor: colours[p[5] || 0],
                fillOpacity: 0.95, className: o.className, renderer: taghtia_canvas(map)
            });
            marker.bindTooltip(tooltip.bind(null, p), {direction: "top"});
            markers.push(marker);
        }
        taghtia_registry.centres.push(group);
        if (group.addLayers) { group.addLayers(markers); } else {
            for (var m = 0; m < markers.length; m++) { group.addLayer(markers[m]); }
        }
        group.fire("taghtia:loaded");
    }
    function when_units_shown(d) {
        if (!after || after.taghtiaLoaded) {
            taghtia_after_paint(function () { draw(d); });
        } else {
            after.once("taghtia:loaded", function () { when_units_shown(d); });
        }
    }
    if (inline) { when_units_shown(data); return; }
    taghtia_file(data, when_units_shown);
}

// The legend must not hide the territory: fit its bounds in the part of the map the
// legend leaves free, beside it or above it, whichever shows the territory larger. The
// map may get its size after this script runs (an iframe that grows): fit again on every
// resize until the person moves the map themselves.
function taghtia_fit_to_legend(map, legend, bounds, corner) {
    var moved = false, fitted = "", container = map.getContainer();
    ["mousedown", "wheel", "touchstart", "keydown"].forEach(function (name) {
        taghtia_listen(map, container, name, function (event) {
            // a wheel without Ctrl/⌘ scrolls the page, one finger too: the map stays put
            if ((name === "wheel" && !event.ctrlKey && !event.metaKey) ||
                    (name === "touchstart" && event.touches.length < 2) ||
                    (event.target.closest && event.target.closest(".taghtia-home"))) {
                return;
            }
            moved = true;
        }, {passive: true});
    });
    var rerun = map.taghtiaRerun;
    function fit() {
        var box = legend.getContainer(), size = map.getSize();
        if (moved || (rerun && rerun.gone)) { return true; }
        if (!box || !box.offsetWidth || !size.x || !size.y) { return false; }
        // a legend risen above the attribution and scale (its bottom margin) covers more
        var risen = parseFloat(box.style.marginBottom) || 0;
        var w = box.offsetWidth + 12, h = box.offsetHeight + risen + 12;
        var b = L.latLngBounds(bounds);
        var key = [size.x, size.y, w, h].join(" ");
        if (key === fitted) { return true; }  // already fitted to this size
        fitted = key;
        var sideways = map.getBoundsZoom(b, false, L.point(w + 8, 16));
        var above = map.getBoundsZoom(b, false, L.point(16, h + 8));
        var pad = sideways >= above
            ? (corner === "bottomleft" ? [[w, 8], [8, 8]] : [[8, 8], [w, 8]])
            : [[8, 8], [8, h]];
        map.fitBounds(b, {paddingTopLeft: pad[0], paddingBottomRight: pad[1],
                          animate: false});
        return true;
    }
    function attempt(left) {  // until the map and its legend are laid out
        if (!fit() && left > 0) { setTimeout(function () { attempt(left - 1); }, 100); }
    }
    map.whenReady(function () { attempt(100); });
    taghtia_on(map, "resize", fit);
    taghtia_on(map, "taghtialegend", fit);  // the legend rose above the attribution
    if (window.ResizeObserver) {
        var observer = new ResizeObserver(fit);
        observer.observe(container);
        if (rerun) { rerun.observers.push(observer); }
    }
    return function () { moved = false; fitted = ""; fit(); };  // back to the territory
}

// The page's own gestures stay the page's: the wheel scrolls the page (Ctrl/⌘ + wheel zooms
// the map) and one finger scrolls it on a touch screen (two fingers pan and pinch the map);
// a hint over the map says so (``texts``: scroll, scrollMac, touch), as Google Maps does.
function taghtia_gestures(map, texts) {
    var container = map.getContainer(), timer = null;
    var mac = /Mac|iPhone|iPad/.test(navigator.platform || "");
    function hint(text) {
        clearTimeout(timer);
        if (!text) { L.DomUtil.removeClass(container, "taghtia-gesture-hint"); return; }
        container.setAttribute("data-gesture-hint", text);
        L.DomUtil.addClass(container, "taghtia-gesture-hint");
        timer = setTimeout(function () { hint(null); }, 1500);
    }
    map.scrollWheelZoom.disable();
    if (L.Browser.touch) { map.dragging.disable(); }  // one finger scrolls the page
    taghtia_listen(map, container, "wheel", function (event) {  // before Leaflet hears it
        if (event.ctrlKey || event.metaKey) {
            map.scrollWheelZoom.enable();
            hint(null);
        } else {
            map.scrollWheelZoom.disable();
            hint(mac ? texts.scrollMac : texts.scroll);
        }
    }, {capture: true, passive: true});
    taghtia_listen(map, container, "mousedown", function () { map.dragging.enable(); },
                   {capture: true, passive: true});
    taghtia_listen(map, container, "touchstart", function (event) {
        if (event.touches.length > 1) {
            map.dragging.enable();
            hint(null);
        } else {
            map.dragging.disable();
            hint(texts.touch);
        }
    }, {capture: true, passive: true});
    taghtia_listen(map, container, "touchmove", function (event) {
        if (event.touches.length > 1) { event.preventDefault(); }  // the map's, not the page's
    }, {capture: true, passive: false});
}

// A button under the zoom buttons that fits the territory again (``home``), whatever the
// person did with the map: a way back after a pan or a zoom took it out of view. Both sit in
// the top ``corner`` where reading starts ("topright" in Arabic, else "topleft"); the zoom
// buttons say ``zoom.in`` and ``zoom.out`` in the page's language (title and aria-label).
function taghtia_home(map, label, home, corner, zoom) {
    var buttons = map.zoomControl;
    if (buttons) {
        buttons.setPosition(corner);  // added again: its buttons are new ones
        [[buttons._zoomInButton, zoom["in"]], [buttons._zoomOutButton, zoom.out]].forEach(
            function (pair) {
                pair[0].setAttribute("title", pair[1]);
                pair[0].setAttribute("aria-label", pair[1]);
            });
    }
    var control = L.control({position: corner});
    control.onAdd = function () {
        var button = L.DomUtil.create("a", "taghtia-home leaflet-bar-part");
        button.href = "#";
        button.setAttribute("role", "button");
        button.setAttribute("title", label);
        button.setAttribute("aria-label", label);
        button.textContent = "\u2302";  // a house
        var bar = L.DomUtil.create("div", "leaflet-bar leaflet-control");
        bar.appendChild(button);
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.on(button, "click", function (event) {
            L.DomEvent.preventDefault(event);
            home();
        });
        return bar;
    };
    return taghtia_control(map, control);
}

// Names on the map: the places given (provinces) while the territory is seen whole, then
// each unit big enough on screen to hold its name. Text only (textContent).
function taghtia_labels(map, units, places, bounds, deeper, o) {
    taghtia_pane(map, "taghtiaLabels", 440).style.pointerEvents = "none";
    var group = L.layerGroup().addTo(map);
    function label(latlng, text, strong) {
        var marker = L.marker(latlng, {
            interactive: false, keyboard: false, pane: "taghtiaLabels",
            icon: L.divIcon({className: o.class_name +
                             (strong ? " " + o.class_name + "-place" : ""),
                             html: "<span></span>", iconSize: null})
        });
        marker.on("add", function () {
            var element = marker.getElement();
            if (element) { element.firstChild.textContent = text; }
        });
        return marker;
    }
    var taken = [];
    function place(latlng, text, strong) {  // skipped when it would overlap a drawn name
        var at = map.latLngToContainerPoint(latlng), half = text.length * 3.4 + 4;
        var box = [at.x - half, at.y - 9, at.x + half, at.y + 9];
        for (var k = 0; k < taken.length; k++) {
            var other = taken[k];
            if (box[0] < other[2] && other[0] < box[2] && box[1] < other[3] &&
                    other[1] < box[3]) {
                return false;
            }
        }
        taken.push(box);
        group.addLayer(label(latlng, text, strong));
        return true;
    }
    function refresh() {
        group.clearLayers();
        taken = [];
        var zoom = map.getZoom(), view = map.getBounds(), shown = 0;
        if (places.length && zoom < map.getBoundsZoom(L.latLngBounds(bounds)) + deeper) {
            for (var i = 0; i < places.length; i++) {  // most populous first
                place([places[i][0], places[i][1]], places[i][2], true);
            }
            return;
        }
        var candidates = [];
        units.eachLayer(function (unit) {
            if (!unit.getBounds) { return; }
            var b = unit.getBounds();
            if (!view.intersects(b)) { return; }
            var width = map.latLngToContainerPoint(b.getNorthEast()).x -
                map.latLngToContainerPoint(b.getSouthWest()).x;
            if (width >= o.min_width) { candidates.push([width, unit, b]); }
        });
        candidates.sort(function (a, b) { return b[0] - a[0]; });  // largest first
        for (var j = 0; j < candidates.length && shown < o.most; j++) {
            var text = units.nameOf(candidates[j][1].feature);
            if (text && place(candidates[j][2].getCenter(), text, false)) { shown++; }
        }
    }
    taghtia_on(map, "zoomend moveend", refresh);
    units.on("taghtia:loaded", function () { taghtia_after_paint(refresh); });
}
