# A Rack app for Passenger: GET /?ms=N answers after N ms (at most 5000), like a slow page.
run lambda { |env|
  ms = env['QUERY_STRING'].to_s[/(?:\A|&)ms=(\d+)/, 1].to_i.clamp(0, 5000)
  sleep(ms / 1000.0)
  [200, { 'content-type' => 'text/plain' }, ["hello from Passenger #{Process.pid} after #{ms} ms\n"]]
}
