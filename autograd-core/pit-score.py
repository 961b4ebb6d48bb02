#!/usr/bin/env python3
"""Scores a PIT mutations.xml: all mutants, and the derivative rules (methods vjp, vjpOverwriting,
and the lambdas inside them: lambda$vjp$N), per class holder; lists surviving rule mutants."""
import sys, re, xml.etree.ElementTree as ET, collections
path = sys.argv[1]
show = len(sys.argv) > 2 and sys.argv[2] == '--survivors'
# one mutation per line; a report still being written has a partial last line
lines = [l for l in open(path) if l.startswith('<mutation ') and l.rstrip().endswith('</mutation>')]
root = ET.fromstring('<mutations>' + ''.join(lines) + '</mutations>')
# the rules, and the helpers only rules call (LinearAlgebra.productRule, Piecewise.selection/share,
# Reduce.Reduction.kept), with the lambdas inside them
RULE_METHODS = {'vjp', 'vjpOverwriting', 'productRule', 'selection', 'share', 'kept'}
def is_rule(m):
    meth = m.findtext('mutatedMethod') or ''
    if meth in RULE_METHODS:
        return True
    l = re.match(r'lambda\$(\w+?)\$\d+$', meth)
    return l is not None and l.group(1) in RULE_METHODS
def killed(m):
    return m.get('status') in ('KILLED', 'TIMED_OUT', 'MEMORY_ERROR', 'RUN_ERROR')
tot = collections.Counter(); rule = collections.Counter(); per = collections.defaultdict(collections.Counter)
surv = []
for m in root.findall('mutation'):
    st = m.get('status')
    tot[st] += 1
    if is_rule(m):
        rule[st] += 1
        holder = m.findtext('mutatedClass').split('$')[0].split('.')[-1]
        per[holder][st] += 1
        if not killed(m):
            surv.append(m)
def score(c):
    n = sum(c.values()); k = sum(v for s, v in c.items() if s in ('KILLED','TIMED_OUT','MEMORY_ERROR','RUN_ERROR'))
    return n, k, c.get('SURVIVED',0), c.get('NO_COVERAGE',0), (100.0*k/n if n else float('nan'))
print('all mutants: n=%d killed=%d survived=%d no_coverage=%d score=%.1f%%' % score(tot), dict(tot))
print('derivative rules: n=%d killed=%d survived=%d no_coverage=%d score=%.1f%%' % score(rule))
for h in sorted(per):
    print('  %-20s n=%d killed=%d survived=%d no_coverage=%d score=%.1f%%' % ((h,) + score(per[h])))
if show:
    for m in surv:
        print('%s %s:%s %s %s -- %s' % (m.get('status'), m.findtext('mutatedClass'), m.findtext('lineNumber'),
              m.findtext('mutatedMethod'), m.findtext('mutator').split('.')[-1], m.findtext('description')))
