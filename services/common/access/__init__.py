"""Who may call the services' HTTP interfaces, and how (访问控制).

* :mod:`.roles` — the roles and what each permits (角色与权限);
* :mod:`.tokens` — bearer tokens, stored only as salted digests, with expiry (令牌);
* :mod:`.sources` — the principals file: campus systems and staff, their roles,
  tokens and publishable types (来源与主体登记表);
* :mod:`.sources_file` — reading, reloading and writing that file;
* :mod:`.config` — demo mode, the file's path, TLS and the rate limit (访问配置);
* :mod:`.guard` — the FastAPI dependencies that check a request (请求鉴权);
* :mod:`.rate_limit` — a token bucket per source (限流);
* :mod:`.headers` — security headers on HTML answers (安全响应头);
* :mod:`.client` — HTTP clients that present a token and trust the local CA.
"""
