    function taghtia_decode(doc) {
        var s = doc.scale, x = 0, y = 0, features = [];
        for (var i = 0; i < doc.codes.length; i++) {
            var polygons = doc.geoms[i], coordinates = [];
            for (var p = 0; p < polygons.length; p++) {
                var rings = [];
                for (var r = 0; r < polygons[p].length; r++) {
                    var steps = polygons[p][r], ring = [];
                    for (var k = 0; k < steps.length; k += 2) {
                        x += steps[k]; y += steps[k + 1];
                        ring.push([x / s, y / s]);
                    }
                    if (ring.length && !doc.lines) { ring.push(ring[0]); }
                    rings.push(ring);
                }
                coordinates.push(doc.lines ? rings[0] : rings);
            }
            features.push({type: "Feature", id: i, properties: {code: doc.codes[i]},
                           geometry: {type: doc.lines ? "MultiLineString" : "MultiPolygon",
                                      coordinates: coordinates}});
        }
        return {type: "FeatureCollection", features: features};
    }
    function taghtia_load(layer, data, inline) {
        function add(doc) {
            var collection = doc.type === "FeatureCollection" ? doc : taghtia_decode(doc);
            if (layer.setDoc) {
                layer.setDoc(doc.type === "FeatureCollection" ? {codes: collection.features.map(
                    function (f) { return f.properties.code; })} : doc);
            }
            layer.addData(collection);
            layer.fire("taghtia:loaded");
        }
        if (inline) { add(data); return; }
        fetch(data).then(function (r) {
            if (!r.ok) { throw new Error("map data: HTTP " + r.status); }
            return r.json();
        }).then(add);
    }
