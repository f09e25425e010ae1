// Signs in through the app's own form (antiforgery token included) and returns the cookie
// header to present to the hub, exactly as a browser would.
export async function signIn(baseUrl, userName, password) {
  const jar = new Map();
  const keep = (response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair.indexOf('=');
      jar.set(pair.slice(0, index), pair.slice(index + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

  const form = await fetch(new URL('/account/login', baseUrl), { redirect: 'manual' });
  keep(form);
  const html = await form.text();
  const token = /name="__RequestVerificationToken"[^>]*value="([^"]+)"/.exec(html)?.[1];
  if (!token) {
    throw new Error('no antiforgery token on the sign-in page');
  }

  const response = await fetch(new URL('/account/signin', baseUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: header() },
    body: new URLSearchParams({ __RequestVerificationToken: token, userName, password }),
  });
  keep(response);
  if (!jar.has('dispatch.auth')) {
    throw new Error(`sign-in failed for ${userName} (${response.status} ${response.headers.get('location')})`);
  }
  return header();
}
