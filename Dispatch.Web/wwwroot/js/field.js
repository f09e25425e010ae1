// The grid worker's phone page: the position from the browser's geolocation.
window.dispatchField = {
    // Resolves to { ok, latitude, longitude, accuracy } or { ok: false, message } (in Chinese, for the page).
    locate: function () {
        return new Promise(function (resolve) {
            if (!navigator.geolocation) {
                resolve({ ok: false, message: "此浏览器不支持定位，请手工填写事发地点。" });
                return;
            }
            navigator.geolocation.getCurrentPosition(
                function (p) { resolve({ ok: true, latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy }); },
                function (e) {
                    var message = e.code === 1 ? "未获得定位权限，请在浏览器中允许定位，或手工填写事发地点。"
                        : e.code === 3 ? "定位超时，请到开阔处重试，或手工填写事发地点。"
                        : "暂时无法定位，请手工填写事发地点。";
                    resolve({ ok: false, message: message });
                },
                { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
        });
    }
};
