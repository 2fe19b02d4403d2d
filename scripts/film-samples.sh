#!/bin/sh
# Remakes the "Short film from a script" template's own samples in public/samples/ with ffmpeg:
# the station café location still, Theo's portrait and the temp score. Made by the Reelgraph authors, CC0 1.0.
set -eu
cd "$(dirname "$0")/../public/samples"

# A dark café interior: warm wall, a rain-blue window with its frame, a table edge and a lamp glow.
ffmpeg -v error -y -f lavfi -i "color=c=0x2b1d16:s=1280x720:d=1" -frames:v 1 -vf "\
drawbox=x=700:y=90:w=460:h=330:color=0x1d3550:t=fill,\
drawbox=x=925:y=90:w=10:h=330:color=0x120c09:t=fill,\
drawbox=x=700:y=250:w=460:h=10:color=0x120c09:t=fill,\
drawbox=x=0:y=520:w=1280:h=200:color=0x4a2f1f:t=fill,\
drawbox=x=0:y=520:w=1280:h=8:color=0x6b4630:t=fill,\
geq=r='r(X,Y)+70*exp(-((X-320)*(X-320)+(Y-200)*(Y-200))/30000)':g='g(X,Y)+45*exp(-((X-320)*(X-320)+(Y-200)*(Y-200))/30000)':b='b(X,Y)+15*exp(-((X-320)*(X-320)+(Y-200)*(Y-200))/30000)'" \
  -q:v 4 station-cafe.jpg

# Theo: a flat-shaded head-and-shoulders figure (600×800) on a rainy grey-green gradient: short
# hair, an olive rain jacket with its zip, a rucksack strap over one shoulder.
body='lt(pow((X-300)/260,2)+pow((Y-830)/330,2),1)'
zip="($body)*lt(abs(X-300),4)*gt(Y,540)"
strap="($body)*lt(abs((X-300)-0.75*(Y-560)+95),24)"
neck='between(X,262,338)*between(Y,430,545)'
face='lt(pow((X-300)/108,2)+pow((Y-315)/138,2),1)'
hair='lt(pow((X-300)/116,2)+pow((Y-262)/104,2),1)*lt(Y,222+abs(X-300)*0.35)'
layer() { # background, body, zip, strap, neck, face, hair
  echo "if($hair,$7,if($face,$6,if($neck,$5,if($strap,$4,if($zip,$3,if($body,$2,$1))))))"
}
shade='(1-0.18*abs(X-300)/110)'
ffmpeg -v error -y -f lavfi -i "color=c=black:s=600x800:d=1" -frames:v 1 -vf "geq=\
r='$(layer '58+34*Y/H' 74 150 44 186 "204*$shade" 96)':\
g='$(layer '68+34*Y/H' 88 158 36 138 "152*$shade" 70)':\
b='$(layer '70+30*Y/H' 44 120 30 108 "118*$shade" 42)'" -q:v 4 theo-portrait.jpg

# A 13 s temp score: a slow pad, A minor then F major, each note a sine with a gentle swell,
# faded in and out; Opus in Ogg, mono, 48 kHz.
pad='0.5+0.5*sin(2*PI*0.2*t-PI/2)'
ffmpeg -v error -y -f lavfi -i "aevalsrc=exprs='(\
if(lt(t,6.5),\
0.16*sin(2*PI*110*t)+0.10*sin(2*PI*220*t)+0.08*sin(2*PI*261.63*t)+0.07*sin(2*PI*329.63*t),\
0.16*sin(2*PI*87.31*t)+0.10*sin(2*PI*174.61*t)+0.08*sin(2*PI*220*t)+0.07*sin(2*PI*261.63*t)))*(${pad})':s=48000:d=13" \
  -af "afade=t=in:d=1.5,afade=t=out:st=11:d=2" -c:a libopus -b:a 48k temp-score.opus
