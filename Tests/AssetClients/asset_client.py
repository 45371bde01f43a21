"""Real clients of course assets (SPEC §14), run by Tests/CoursedAppTests/Process/AssetProcessEndToEndTests.swift.

    python asset_client.py flow     < {"base", "email", "password", "single_size", "multipart_size"}
    python asset_client.py s3-create < {"endpoint", "bucket", "access_key", "secret_key", "region"}
    python asset_client.py s3-state < {"endpoint", "bucket", "prefix", "access_key", "secret_key", "region"}

`flow` drives a running coursed with Python `requests` as a browser or app would: signs in, creates a course,
uploads one file with a single PUT (exactly the returned headers, the declared sha256 signed in) and one with
multipart part PUTs, completes both, downloads them from the returned URLs, deletes the first, and leaves one
multipart upload with one part uploaded and never completed. It prints one JSON object of what it saw (statuses,
whether the downloaded bytes equal the uploaded ones, ids); the Swift test asserts on it.

`s3-state` prints the object keys and the open multipart uploads under a prefix of a bucket (boto3).
"""
import hashlib, json, os, sys
from urllib.parse import parse_qs, urlsplit

import requests


def flow(spec):
    base = spec["base"]
    session = requests.Session()
    report = {}

    def api(method, path, token=None, body=None):
        headers = {"authorization": "Bearer " + token} if token else {}
        response = session.request(method, base + path, json=body, headers=headers, timeout=60)
        try:
            payload = response.json()
        except ValueError:
            payload = None
        return response.status_code, payload

    status, login = api("POST", "/api/auth/login", body={"email": spec["email"], "password": spec["password"]})
    if status != 200:
        raise SystemExit(f"login answered {status}: {login}")
    token = login["token"]
    _, course = api("POST", "/api/courses", token, {"title": "Files end to end"})
    report["course"] = course["id"]

    def download(asset_id):
        status, shown = api("GET", f"/api/assets/{asset_id}", token)
        url = (shown or {}).get("download_url")
        if status != 200 or not url:
            return {"show_status": status, "status": (shown or {}).get("status")}
        got = requests.get(url, timeout=60)
        return {"show_status": status, "status": shown["status"], "download_status": got.status_code,
                "bytes": got.content, "disposition": got.headers.get("content-disposition")}

    # One file with a single PUT, its sha256 declared.
    single = os.urandom(spec["single_size"])
    status, created = api("POST", f"/api/courses/{course['id']}/assets", token,
                          {"filename": "Résumé final.pdf", "content_type": "application/pdf",
                           "size_bytes": len(single), "sha256": hashlib.sha256(single).hexdigest()})
    upload = created["upload"]
    other = bytearray(single)
    other[0] ^= 0xFF
    entry = {"create_status": status, "id": created["asset"]["id"], "method": upload.get("method"),
             "header_names": sorted(name.lower() for name in upload["headers"])}
    entry["other_bytes_status"] = requests.put(upload["url"], data=bytes(other), headers=upload["headers"],
                                               timeout=60).status_code
    entry["put_status"] = requests.put(upload["url"], data=single, headers=upload["headers"], timeout=60).status_code
    entry["complete_status"], completed = api("POST", f"/api/assets/{entry['id']}/complete", token)
    entry["completed_status"] = (completed or {}).get("status")
    fetched = download(entry["id"])
    entry["same_bytes"] = fetched.pop("bytes", None) == single
    entry.update(fetched)
    report["single"] = entry

    # One file in parts.
    data = os.urandom(spec["multipart_size"])
    status, created = api("POST", f"/api/courses/{course['id']}/assets", token,
                          {"filename": "slides.pdf", "content_type": "application/pdf", "size_bytes": len(data)})
    multipart = created["upload"]["multipart"]
    entry = {"create_status": status, "id": created["asset"]["id"], "part_size": multipart["part_size"],
             "part_statuses": []}
    parts = []
    for part in multipart["parts"]:
        start = (part["part_number"] - 1) * multipart["part_size"]
        sent = requests.put(part["url"], data=data[start:start + multipart["part_size"]], timeout=120)
        entry["part_statuses"].append(sent.status_code)
        parts.append({"part_number": part["part_number"], "etag": sent.headers.get("etag", "")})
    wrong = [dict(p) for p in parts]
    wrong[-1]["etag"] = '"0123456789abcdef0123456789abcdef"'
    entry["wrong_etag_status"], answer = api("POST", f"/api/assets/{entry['id']}/complete", token, {"parts": wrong})
    entry["wrong_etag_code"] = ((answer or {}).get("error") or {}).get("code")
    entry["complete_status"], completed = api("POST", f"/api/assets/{entry['id']}/complete", token, {"parts": parts})
    entry["completed_status"] = (completed or {}).get("status")
    fetched = download(entry["id"])
    entry["same_bytes"] = fetched.pop("bytes", None) == data
    entry.update(fetched)
    report["multipart"] = entry

    # Deleting the first removes it (its objects are checked by the test).
    report["delete_status"], _ = api("DELETE", f"/api/assets/{report['single']['id']}", token)
    report["shown_after_delete"], _ = api("GET", f"/api/assets/{report['single']['id']}", token)

    # A multipart upload never completed: one part sent, then abandoned.
    status, created = api("POST", f"/api/courses/{course['id']}/assets", token,
                          {"filename": "abandoned.pdf", "content_type": "application/pdf",
                           "size_bytes": spec["multipart_size"]})
    first = created["upload"]["multipart"]["parts"][0]
    query = parse_qs(urlsplit(first["url"]).query)
    upload_id = (query.get("uploadId") or query.get("upload_id") or [""])[0]
    sent = requests.put(first["url"], data=data[:created["upload"]["multipart"]["part_size"]], timeout=120)
    report["abandoned"] = {"create_status": status, "id": created["asset"]["id"], "upload_id": upload_id,
                           "part_status": sent.status_code}
    print(json.dumps(report))


def s3(spec):
    import boto3
    return boto3.client("s3", endpoint_url=spec["endpoint"], region_name=spec["region"],
                        aws_access_key_id=spec["access_key"], aws_secret_access_key=spec["secret_key"])


def s3_create(spec):
    s3(spec).create_bucket(Bucket=spec["bucket"])
    print(json.dumps({"created": spec["bucket"]}))


def s3_state(spec):
    s3 = globals()["s3"](spec)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=spec["bucket"], Prefix=spec["prefix"]).get("Contents", [])]
    uploads = s3.list_multipart_uploads(Bucket=spec["bucket"], Prefix=spec["prefix"]).get("Uploads", [])
    encryption = {key: s3.head_object(Bucket=spec["bucket"], Key=key).get("ServerSideEncryption") for key in keys}
    print(json.dumps({"keys": sorted(keys), "uploads": sorted(u["UploadId"] for u in uploads),
                      "encryption": encryption}))


if __name__ == "__main__":
    mode = sys.argv[1]
    spec = json.load(sys.stdin)
    {"flow": flow, "s3-create": s3_create, "s3-state": s3_state}[mode](spec)
