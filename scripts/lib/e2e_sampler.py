"""Samples one event's figures every half second until killed: queue length, released, issued, sold out
(Redis counters) and the gate's measured release rate. Writes CSV rows as it goes."""
import subprocess, sys, time, urllib.request

event, redis_port, metrics_url, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
ctr, queue = f"rc:{{e:{event}}}:ctr", f"rc:{{e:{event}}}:q"
rate_prefix = f'rediclaim_gate_release_rate{{event="{event}"}} '


def redis(*args):
    return subprocess.run(["redis-cli", "-p", redis_port, *args], capture_output=True, text=True).stdout.split("\n")


with open(out, "w", buffering=1) as f:
    f.write("t_ms,waiting,released,issued,sold_out,release_rate\n")
    while True:
        released, issued, sold_out = [(v or "0") for v in redis("HMGET", ctr, "released", "issued", "soldOut")[:3]]
        waiting = redis("ZCARD", queue)[0] or "0"
        rate = "0"
        try:
            for line in urllib.request.urlopen(metrics_url, timeout=1).read().decode().splitlines():
                if line.startswith(rate_prefix):
                    rate = line[len(rate_prefix):]
        except OSError:
            pass
        f.write(f"{int(time.time() * 1000)},{waiting},{released},{issued},{sold_out},{rate}\n")
        time.sleep(0.5)
