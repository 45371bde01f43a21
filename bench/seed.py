#!/usr/bin/env python3
"""Fills a coursed instance with a realistic catalogue through its own API.

Usage: bench/seed.py --url http://127.0.0.1:8080 --admin-email E --admin-password P
                     [--users 1000] [--courses 20000] [--published 0.8] [--workers 16]

Needs an admin account (start the server with ADMIN_EMAIL / ADMIN_PASSWORD). One user in ten becomes an
instructor; courses are spread over them, 80 % published. Prints progress and totals; exits 1 on errors.
"""
import argparse, json, random, sys, time, urllib.request, urllib.error
from concurrent.futures import ThreadPoolExecutor

CATEGORIES = ["programming", "data-science", "design", "business", "languages", "music", "ai", "security"]
DIFFICULTIES = ["beginner", "intermediate", "advanced"]
WORDS = "swift server data model cloud vector neural design pattern lesson guide practical deep modern".split()


def call(base, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            return response.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as error:
        return error.code, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--admin-email", required=True)
    parser.add_argument("--admin-password", required=True)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--courses", type=int, default=20000)
    parser.add_argument("--published", type=float, default=0.8)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    base = args.url.rstrip("/")
    rng = random.Random(args.seed)
    started = time.time()
    errors = 0

    status, session = call(base, "POST", "/api/auth/login", {"email": args.admin_email, "password": args.admin_password})
    if status != 200:
        sys.exit(f"admin login failed: HTTP {status}")
    admin = session["token"]
    run_id = f"{int(started)}"

    def make_user(index):
        email = f"seed-{run_id}-{index}@example.com"
        status, body = call(base, "POST", "/api/auth/register",
                            {"email": email, "password": "seed-password-1", "name": f"Seed User {index}"})
        if status != 201:
            return None
        if index % 10 == 0:
            status, _ = call(base, "PATCH", f"/api/users/{body['user']['id']}", {"role": "instructor"}, admin)
            if status != 200:
                return None
            status, body = call(base, "POST", "/api/auth/login", {"email": email, "password": "seed-password-1"})
            return ("instructor", body["token"]) if status == 200 else None
        return ("student", body["token"])

    with ThreadPoolExecutor(args.workers) as pool:
        users = list(pool.map(make_user, range(args.users)))
    errors += users.count(None)
    instructors = [token for kind_token in users if kind_token for kind, token in [kind_token] if kind == "instructor"]
    print(f"users: {args.users - users.count(None)} created ({len(instructors)} instructors), "
          f"{time.time() - started:.1f} s", flush=True)
    if not instructors:
        sys.exit("no instructor could be created")

    plans = []
    for index in range(args.courses):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).title() + f" {index}"
        plans.append((rng.choice(instructors), {
            "title": title, "description": f"A course about {title.lower()}.",
            "category": rng.choice(CATEGORIES), "difficulty": rng.choice(DIFFICULTIES),
            "metadata": {"seed": run_id, "lessons": rng.randint(3, 40)}}, rng.random() < args.published))

    done = [0]

    def make_course(plan):
        token, body, publish = plan
        status, course = call(base, "POST", "/api/courses", body, token)
        if status != 201:
            return False
        if publish:
            status, _ = call(base, "PATCH", f"/api/courses/{course['id']}", {"status": "published"}, token)
            if status != 200:
                return False
        done[0] += 1
        if done[0] % 2000 == 0:
            print(f"courses: {done[0]}/{args.courses}", flush=True)
        return True

    with ThreadPoolExecutor(args.workers) as pool:
        results = list(pool.map(make_course, plans))
    errors += results.count(False)
    published = sum(1 for (_, _, publish), ok in zip(plans, results) if ok and publish)
    print(f"courses: {results.count(True)} created, {published} published; errors: {errors}; "
          f"{time.time() - started:.1f} s total")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
