import yaml, os, collections, sys
D=os.path.dirname(os.path.abspath(__file__))
LABELS={'useless','vague','subjective','discriminatory','assumption','off_r2','contradicts_resume'}
ACTIONS={'escalate','push_back','follow_up','complete'}
r2={}
for f in os.listdir(D+'/r2'):
    d=yaml.safe_load(open(D+'/r2/'+f,encoding='utf-8'))
    assert d['pipeline']+'.yaml'==f
    ks=[c['key'] for c in d['criteria']]
    assert 5<=len(ks)<=7 and len(set(ks))==len(ks)
    assert all(c['kind'] in ('must','nice') for c in d['criteria'])
    for p in ('hiring_manager','recruiter'): assert '@example.com' in d[p]['email']
    r2[d['pipeline']]=set(ks)
res={f[:-4]:open(D+'/resumes/'+f,encoding='utf-8').read() for f in os.listdir(D+'/resumes') if f.endswith('.txt')}
cases=yaml.safe_load(open(D+'/cases.yaml',encoding='utf-8'))
assert str(cases['as_of'])=='2026-06-01'
errs=[]; ids=set()
lab=collections.Counter(); act=collections.Counter(); perpipe=collections.Counter(); dec=collections.Counter()
candpipe=collections.defaultdict(set)
for c in cases['cases']:
    i=c['id']; e=c['expect']
    if i in ids or not i.startswith('w04-'): errs.append('id '+i)
    ids.add(i)
    if c['pipeline'] not in r2: errs.append(i+' pipeline')
    if c['candidate'] not in res: errs.append(i+' candidate')
    candpipe[c['candidate']].add(c['pipeline'])
    if c['decision'] not in ('reject','advance'): errs.append(i+' decision')
    iss=e['issues']
    if not set(iss)<=LABELS: errs.append(i+' label')
    for k in e['criteria']:
        if k not in r2.get(c['pipeline'],()): errs.append(i+' criterion '+k)
    if e['action'] not in ACTIONS: errs.append(i+' action')
    exp=('escalate' if 'discriminatory' in iss else 'push_back' if 'contradicts_resume' in iss else
         'complete' if not iss or (iss==['assumption'] and e['criteria']) else 'follow_up')
    if e['action']!=exp: errs.append(i+' action rule')
    if ('off_r2' in iss)!=bool(e.get('off_r2')): errs.append(i+' off_r2 field')
    if ('contradicts_resume' in iss)!=('evidence' in e): errs.append(i+' evidence field')
    if 'evidence' in e:
        ev=e['evidence'] if isinstance(e['evidence'],list) else [e['evidence']]
        for p in ev:
            if p not in res.get(c['candidate'],''): errs.append(f'{i} evidence not in resume: {p}')
    for l in iss: lab[l]+=1
    if not iss: lab['(none: specific)']+=1
    act[e['action']]+=1; perpipe[c['pipeline']]+=1; dec[c['decision']]+=1
for cand,ps in candpipe.items():
    if len(ps)!=1: errs.append(cand+' in several pipelines')
sc=yaml.safe_load(open(D+'/scenarios.yaml',encoding='utf-8'))
sids=set()
for s in sc['scenarios']:
    i=s['id']
    if i in sids or not i.startswith('w04-') or i in ids: errs.append('scenario id '+i)
    sids.add(i)
    if s['pipeline'] not in r2: errs.append(i+' pipeline')
    if s['candidate'] not in res: errs.append(i+' candidate')
    x=s['expect']
    if not 1<=x['complete_after']<=len(s['replies']): errs.append(i+' complete_after')
    for k,v in (x.get('verdicts') or {}).items():
        if k not in r2[s['pipeline']] or v not in ('met','not_met'): errs.append(i+' verdict '+k)
    for k in x.get('not_recorded',[]):
        if k not in r2[s['pipeline']]: errs.append(i+' not_recorded '+k)
n=len(cases['cases'])
print('cases:',n,'| scenarios:',len(sc['scenarios']),'| resumes:',len(res),'| r2:',len(r2))
print('per pipeline:',dict(perpipe)); print('decisions:',dict(dec))
print('labels:',{k:f'{v} ({100*v/n:.0f}%)' for k,v in sorted(lab.items())})
print('actions:',dict(act))
mins=n>=300 and len(sc['scenarios'])>=6 and all(perpipe[p]>=95 for p in r2) and all(sum(1 for c in candpipe if p in candpipe[c])==3 for p in r2)
print('minimums met:',mins)
if errs: print('ERRORS:',*errs,sep='\n  '); sys.exit(1)
print('all checks passed')
